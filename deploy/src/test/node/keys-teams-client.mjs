// The AI Horde's own JavaScript client (@zeldafan0225/ai_horde) making its shared-key and team calls against the
// horde at HORDE_URL: a user creates, reads, changes and deletes a shared key and looks themself up with it; a
// trusted user creates, lists, reads, changes and deletes a team. Exits 0 when every call answered as the AI Horde
// would; prints what it checked.
//
// Environment: HORDE_URL (gateway base URL), USER_KEY (a trusted user's key), MODERATOR_KEY, TEAM_NAME (unique).
import { AIHorde } from "@zeldafan0225/ai_horde";
import { check, checks, env } from "./client-checks.mjs";

const horde = new AIHorde({
    api_route: `${env("HORDE_URL")}/api/v2`,
    client_agent: "openhorde-keys-teams-it:1:openhorde",
});
const user = env("USER_KEY");
const moderator = env("MODERATOR_KEY");

async function refused(what, call, status) {
    try {
        await call();
    } catch (error) {
        check(what, error.status === status, { status: error.status, body: error.rawError });
        return error.rawError;
    }
    throw new Error(`${what}: the call succeeded`);
}

// Shared keys
const created = await horde.putSharedKey({ name: "npm app", kudos: 300, max_image_steps: 40 }, { token: user });
check("putSharedKey answers the key's details", typeof created.id === "string" && created.kudos === 300
    && created.max_image_steps === 40 && created.name === "npm app", created);
const read = await horde.getSharedKey(created.id);
check("getSharedKey reads it without a key", read.id === created.id && read.username === created.username, read);
const updated = await horde.updateSharedKey({ kudos: 250, name: "npm app 2" }, created.id, { token: user });
check("updateSharedKey changes budget and name", updated.kudos === 250 && updated.name === "npm app 2", updated);
const me = await horde.findUser({ token: created.id });
check("findUser with the shared key names its owner after it",
    me.username === `${created.username} (Shared Key: npm app 2)`, me);
const deleted = await horde.deleteSharedKey(created.id, { token: user });
check("deleteSharedKey answers OK", deleted.message === "OK", deleted);
const gone = await refused("getSharedKey of a deleted key is 401", () => horde.getSharedKey(created.id), 401);
check("... with InvalidAPIKey", gone.rc === "InvalidAPIKey", gone);

// Teams
const team = await horde.createTeam({ name: env("TEAM_NAME"), info: "made by the npm client" }, { token: user });
check("createTeam answers id, name and info", typeof team.id === "string" && team.name === env("TEAM_NAME")
    && team.info === "made by the npm client", team);
const teams = await horde.getTeams();
check("getTeams lists it", teams.some((t) => t.id === team.id && t.worker_count === 0), teams.length);
// The client sends the anonymous key when given none; the AI Horde shows a team to a key only if it moderates.
const details = await horde.getTeam(team.id, { token: moderator });
check("getTeam shows its creator and figures", details.creator?.endsWith(")") === false
    && details.creator.includes("#") && details.requests_fulfilled === 0 && Array.isArray(details.workers), details);
const changed = await horde.updateTeam({ info: "changed by the npm client" }, team.id, { token: user });
check("updateTeam answers what changed", changed.info === "changed by the npm client" && !changed.name, changed);
const removed = await horde.deleteTeam(team.id, { token: user });
check("deleteTeam answers the deleted team", removed.deleted_id === team.id
    && removed.deleted_name === env("TEAM_NAME"), removed);
const noTeam = await refused("getTeam of a deleted team is 404", () => horde.getTeam(team.id, { token: moderator }),
    404);
check("... with TeamNotFound", noTeam.rc === "TeamNotFound", noTeam);

console.log(`ok: ${checks.length} checks\n- ${checks.join("\n- ")}`);
