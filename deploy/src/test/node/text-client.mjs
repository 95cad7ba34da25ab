// The AI Horde's own JavaScript client (@zeldafan0225/ai_horde) driving a text request end to end against the
// horde at HORDE_URL: a requester asks for text, a scribe pops and submits it, the requester reads it back, and a
// second request is cancelled. Exits 0 when every call answered as the AI Horde would; prints what it checked.
//
// Environment: HORDE_URL (gateway base URL), REQUESTER_KEY, WORKER_KEY, MODEL (a model no other test serves),
// WORKER_NAME.
import { AIHorde } from "@zeldafan0225/ai_horde";
import { check, checks, env } from "./client-checks.mjs";

const horde = new AIHorde({
    api_route: `${env("HORDE_URL")}/api/v2`,
    client_agent: "openhorde-text-client-it:1:openhorde",
});
const requester = env("REQUESTER_KEY");
const worker = env("WORKER_KEY");
const model = env("MODEL");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function popJob() {
    for (let attempt = 0; attempt < 40; attempt++) {
        const pop = await horde.postTextGenerationPop({
            name: env("WORKER_NAME"),
            models: [model],
            max_length: 512,
            max_context_length: 2048,
            bridge_agent: "AI Horde Worker:27:https://github.com/Haidra-Org/AI-Horde-Worker",
        }, { token: worker });
        if (pop.id) {
            check("the pop names the request's model", pop.model === model, pop);
            check("the pop carries the prompt", typeof pop.payload?.prompt === "string", pop);
            return pop;
        }
        await sleep(250);
    }
    throw new Error("the scribe never got the job");
}

const prompt = "Once upon a time, in a horde far away,";
const accepted = await horde.postAsyncTextGenerate({
    prompt,
    params: { n: 1, max_length: 32, max_context_length: 512, temperature: 0.7 },
    models: [model],
}, { token: requester });
check("postAsyncTextGenerate answers an id", typeof accepted.id === "string", accepted);

const pop = await popJob();
check("postTextGenerationPop hands out the request", pop.ids.length === 1, pop);
const text = " there lived a scribe who wrote deterministic tales.";
const submitted = await horde.postTextGenerationSubmit({ id: pop.id, generation: text, state: "ok" },
    { token: worker });
check("postTextGenerationSubmit answers a reward", typeof submitted.reward === "number" && submitted.reward > 0,
    submitted);

const status = await horde.getTextGenerationStatus(accepted.id, { force: true });
check("getTextGenerationStatus is done", status.done === true && status.finished === 1, status);
check("getTextGenerationStatus shows the text", status.generations?.[0]?.text === text, status);
check("the generation names its worker and model",
    status.generations[0].worker_name === env("WORKER_NAME") && status.generations[0].model === model, status);

const second = await horde.postAsyncTextGenerate({ prompt, params: { n: 2, max_length: 16 }, models: [model] },
    { token: requester });
const before = await horde.deleteTextGenerationRequest(second.id);
check("deleteTextGenerationRequest answers the request as it was", before.waiting === 2 && before.done === false,
    before);
let after;
for (let attempt = 0; attempt < 40; attempt++) {
    after = await horde.getTextGenerationStatus(second.id, { force: true });
    if (after.done) {
        break;
    }
    await sleep(250);
}
check("a cancelled request is done with nothing generated", after.done === true && after.finished === 0, after);

console.log(JSON.stringify({ ok: true, checks }));
