// The AI Horde's own JavaScript client (@zeldafan0225/ai_horde) driving the moderators' filter calls against the
// horde at HORDE_URL: add, list, read, check a prompt against, change and delete a filter, and a user's attempt
// refused. Exits 0 when every call answered as the AI Horde would; prints what it checked.
//
// Environment: HORDE_URL (gateway base URL), MODERATOR_KEY, USER_KEY, FIXTURE (a benign word no other test uses).
import { AIHorde } from "@zeldafan0225/ai_horde";
import { check, checks, env } from "./client-checks.mjs";

const horde = new AIHorde({
    api_route: `${env("HORDE_URL")}/api/v2`,
    client_agent: "openhorde-filters-client-it:1:openhorde",
    cache_interval: 0,
});
const moderator = { token: env("MODERATOR_KEY") };
const fixture = env("FIXTURE");

const added = await horde.addFilter({ regex: fixture, filter_type: 20, description: "npm fixture" }, "", moderator);
check("addFilter answers the new filter", added.regex === fixture && added.filter_type === 20 && added.id, added);

const listed = await horde.getFilters({ filter_type: "20", contains: fixture }, moderator);
check("getFilters finds it", listed.length === 1 && listed[0].id === added.id, listed);

const single = await horde.getFilter(added.id, moderator);
check("getFilter reads it", single.description === "npm fixture", single);

const suspicion = await horde.postFilters({ prompt: `a ${fixture} here` }, moderator);
check("postFilters scores the prompt", String(suspicion.suspicion) === "1" && suspicion.matches[0] === fixture,
    suspicion);

const changed = await horde.updateFilter({ description: "changed by npm" }, added.id, moderator);
check("updateFilter changes it", changed.description === "changed by npm", changed);

let refused = null;
try {
    await horde.getFilters({}, { token: env("USER_KEY") });
} catch (error) {
    refused = error;
}
// The client turns the answer into its own error: the status is what it keeps of the 403 NotModerator.
check("a user's getFilters is refused with 403", refused && refused.status === 403,
    refused && { status: refused.status, rc: refused.rc, message: refused.message });

const deleted = await horde.deleteFilter(added.id, moderator);
check("deleteFilter answers OK", deleted.message === "OK", deleted);

console.log(`filters-client: ${checks.length} checks passed: ${checks.join("; ")}`);
