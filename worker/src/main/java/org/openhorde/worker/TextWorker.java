package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The AI Horde's text worker loop ("scribe", the KoboldAI side): pop up to as many generations as slots are free,
 * write each on one of {@code max_threads} threads with the {@link TextBackend}, and submit each as soon as it is
 * written ({@code {id, generation, state, seed}}). Waiting, refusals and stopping are the image mode's, from
 * {@link WorkerLoop}.
 */
final class TextWorker extends OneResultWorkerLoop<PoppedText> {

    private final TextBackend backend;

    /** @param settings read at every pop: the web console may change them while the worker runs */
    TextWorker(java.util.function.Supplier<WorkerOptions> settings, HordeApi api, TextBackend backend,
               WorkerConsole console, WorkerStats stats, String bridgeAgent) {
        super(settings, api, console, stats, bridgeAgent, "text");
        this.backend = backend;
    }

    @Override
    HordeReply pop(int freeSlots) throws InterruptedException {
        return api.textPop(popBody(freeSlots));
    }

    @Override
    List<PoppedText> popped(HordeReply reply) {
        return PoppedText.from(reply.body(), System.nanoTime());
    }

    @Override
    HordeReply sendSubmit(ObjectNode body) throws InterruptedException {
        return api.textSubmit(body);
    }

    /** The AI Horde's PopInputKobold. */
    ObjectNode popBody(int freeSlots) {
        WorkerOptions options = options();
        ObjectNode body = HordeApi.JSON.createObjectNode()
                .put("name", options.name())
                .put("amount", Math.max(1, Math.min(Math.min(options.amount(), freeSlots), WorkerOptions.MAX_AMOUNT)))
                .put("threads", options.maxThreads())
                .put("nsfw", options.nsfw())
                .put("max_length", options.maxLength())
                .put("max_context_length", options.maxContextLength())
                .put("bridge_agent", bridgeAgent);
        options.models().forEach(body.putArray("models")::add);
        options.softprompts().forEach(body.putArray("softprompts")::add);
        options.blacklist().forEach(body.putArray("blacklist")::add);
        body.putArray("priority_usernames");
        options.priorityUsernames().forEach(body.withArray("priority_usernames")::add);
        return body;
    }

    @Override
    void work(PoppedText job) throws InterruptedException {
        ObjectNode body = HordeApi.JSON.createObjectNode().put("id", job.id());
        try {
            String text = backend.generate(job.prompt(), job.seed(), Math.min(job.maxLength(), options().maxLength()));
            body.put("generation", text).put("state", "ok").put("seed", job.seed() & Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            console.event("text " + job.describe() + " failed in the backend: " + e.getMessage() + "; giving it back");
            body.put("generation", "").put("state", "faulted");
        }
        submit("text " + job.describe(), job.deadlineNanos(), body);
    }
}
