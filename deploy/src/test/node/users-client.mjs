// The AI Horde's own JavaScript client (@zeldafan0225/ai_horde) making its user and IP-timeout calls against the
// horde at HORDE_URL: a user finds themself and reads their details, lists users, changes their contact; a moderator
// marks them trusted and lifts an IP timeout (deleteIPTimeout); a plain user's attempt at the latter is refused with
// the AI Horde's rc. Exits 0 when every call answered as the AI Horde would; prints what it checked.
//
// Environment: HORDE_URL (gateway base URL), USER_KEY, USER_ID, MODERATOR_KEY, TIMED_OUT_IP (an address a moderator
// put into timeout before the script runs).
import { AIHorde } from "@zeldafan0225/ai_horde";
import { check, checks, env } from "./client-checks.mjs";

const horde = new AIHorde({
    api_route: `${env("HORDE_URL")}/api/v2`,
    client_agent: "openhorde-users-client-it:1:openhorde",
    cache: { users: 0 },
});
const user = env("USER_KEY");
const userId = Number(env("USER_ID"));
const moderator = env("MODERATOR_KEY");

async function refusal(call) {
    try {
        await call();
    } catch (error) {
        return error;
    }
    throw new Error("the call was expected to be refused");
}

const me = await horde.findUser({ token: user });
check("findUser answers the key's own account", me.id === userId, me);
check("findUser's username is the AI Horde's alias", me.username?.endsWith(`#${userId}`), me);

const details = await horde.getUserDetails(userId, { token: user, force: true });
check("getUserDetails shows the user their own kudos", typeof details.kudos === "number", details);
check("getUserDetails is not trusted yet", details.trusted === false, details);

const users = await horde.getUsers();
check("getUsers answers a page of users", Array.isArray(users) && users.length > 0, users.length);

const contact = `it-${Date.now()}@example.org`;
const own = await horde.updateUser({ contact }, userId, { token: user });
check("updateUser lets the user set their own contact", own.contact === contact, own);

const trusting = await horde.updateUser({ trusted: true }, userId, { token: moderator });
check("updateUser lets a moderator trust the user", trusting.trusted === true, trusting);
const trusted = await horde.getUserDetails(userId, { token: moderator, force: true });
check("the user reads as trusted afterwards", trusted.trusted === true, trusted);

const notAMod = await refusal(() => horde.deleteIPTimeout({ ipaddr: env("TIMED_OUT_IP") }, { token: user }));
check("deleteIPTimeout by a plain user is 403 NotModerator",
    notAMod.status === 403 && notAMod.error_code === "NotModerator", notAMod.rawError);
const lifted = await horde.deleteIPTimeout({ ipaddr: env("TIMED_OUT_IP") }, { token: moderator });
check("deleteIPTimeout by a moderator answers OK", lifted.message === "OK", lifted);

const notMine = await refusal(() => horde.updateUser({ trusted: false }, userId, { token: user }));
check("updateUser of trust by the user themself is refused", notMine.status === 403, notMine.rawError);

console.log(`users-client: ${checks.length} checks passed`);
for (const done of checks) {
    console.log(`  ok ${done}`);
}
