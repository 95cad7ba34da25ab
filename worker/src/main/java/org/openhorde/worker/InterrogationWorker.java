package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The AI Horde's interrogation worker loop ("alchemist"): pop up to as many forms as slots are free
 * ({@code max_threads + queue_size} in hand at most), analyse each on one of {@code max_threads} threads — download
 * the source from its presigned URL, run the form, PUT a post-processor's image to its {@code r2_upload} — and submit
 * each form on its own as soon as it is done ({@code {id, result: {form: value}, state}}). Waiting, refusals and
 * stopping are the image mode's, from {@link WorkerLoop}.
 */
final class InterrogationWorker extends OneResultWorkerLoop<PoppedForm> {

    /** The horde keeps sources within its 5 MB limit; a little slack for encodings. */
    static final int MAX_SOURCE_BYTES = 8 * 1024 * 1024;

    private final InterrogationBackend backend;

    InterrogationWorker(WorkerOptions options, HordeApi api, InterrogationBackend backend, WorkerConsole console,
                        WorkerStats stats, String bridgeAgent) {
        this(() -> options, api, backend, console, stats, bridgeAgent);
    }

    /** @param settings read at every pop: the web console may change them while the worker runs */
    InterrogationWorker(java.util.function.Supplier<WorkerOptions> settings, HordeApi api,
                        InterrogationBackend backend, WorkerConsole console, WorkerStats stats, String bridgeAgent) {
        super(settings, api, console, stats, bridgeAgent, "form");
        this.backend = backend;
    }

    @Override
    HordeReply pop(int freeSlots) throws InterruptedException {
        return api.interrogationPop(popBody(freeSlots));
    }

    @Override
    List<PoppedForm> popped(HordeReply reply) {
        return PoppedForm.from(reply.body(), System.nanoTime());
    }

    @Override
    HordeReply sendSubmit(ObjectNode body) throws InterruptedException {
        return api.interrogationSubmit(body);
    }

    /** The AI Horde's InterrogationPopInput; {@code amount} is what fits in the free slots unless capped. */
    ObjectNode popBody(int freeSlots) {
        // One snapshot: a change made meanwhile in the web console applies from the next pop, whole.
        WorkerOptions options = options();
        int amount = options.amount() > 0 ? Math.min(options.amount(), freeSlots) : freeSlots;
        ObjectNode body = HordeApi.JSON.createObjectNode()
                .put("name", options.name())
                .put("amount", Math.max(1, Math.min(amount, WorkerOptions.MAX_AMOUNT)))
                .put("threads", options.maxThreads())
                .put("max_tiles", options.maxTiles())
                .put("bridge_agent", bridgeAgent);
        options.forms().forEach(body.putArray("forms")::add);
        options.priorityUsernames().forEach(body.putArray("priority_usernames")::add);
        if (!body.has("priority_usernames")) {
            body.putArray("priority_usernames");
        }
        return body;
    }

    /** One form, start to end: download the source, run the form, upload a post-processor's image, submit. */
    @Override
    void work(PoppedForm form) throws InterruptedException {
        byte[] source = download(form);
        if (source == null) {
            submit(form, faulted(form));
            return;
        }
        InterrogationBackend.FormOutcome outcome;
        try {
            outcome = backend.process(form.form(), form.payload(), source);
        } catch (RuntimeException e) {
            console.event("form " + form.describe() + " failed in the backend: " + e.getMessage()
                    + "; giving it back");
            submit(form, faulted(form));
            return;
        }
        if (outcome.isImage()) {
            if (form.uploadUrl() == null) {
                // The AI Horde always sends an upload URL for post-processors; without one there is nowhere to
                // put the image, and a base64 result would be refused as too large.
                console.event("form " + form.describe() + " came without r2_upload; giving it back");
                submit(form, faulted(form));
                return;
            }
            boolean uploaded = upload(form, outcome.image());
            submit(form, uploaded ? result(form, HordeApi.JSON.getNodeFactory().textNode("R2"), "ok")
                    : faulted(form));
        } else {
            submit(form, result(form, outcome.value(), "ok"));
        }
    }

    private static ObjectNode result(PoppedForm form, com.fasterxml.jackson.databind.JsonNode value, String state) {
        ObjectNode body = HordeApi.JSON.createObjectNode().put("id", form.id());
        body.putObject("result").set(form.form(), value);
        return body.put("state", state);
    }

    /** A form the worker could not do goes back to the horde's queue for another worker at once. */
    private static ObjectNode faulted(PoppedForm form) {
        ObjectNode body = HordeApi.JSON.createObjectNode().put("id", form.id());
        body.putObject("result");
        return body.put("state", "faulted");
    }

    /** The source, or null when it cannot be had (refused, or still down once the form's time is up). */
    private byte[] download(PoppedForm form) throws InterruptedException {
        if (form.sourceUrl() == null || form.sourceUrl().isBlank()) {
            console.event("form " + form.describe() + " came without a source_image; giving it back");
            return null;
        }
        BackOff backOff = new BackOff(FIRST_BACKOFF, options().maxBackoff());
        int failures = 0;
        while (true) {
            HordeApi.Download download = api.download(form.sourceUrl(), MAX_SOURCE_BYTES);
            if (download.reply().kind() == HordeReply.Kind.OK) {
                return download.bytes();
            }
            boolean expired = System.nanoTime() > form.deadlineNanos();
            if (download.reply().kind() == HordeReply.Kind.REFUSED || expired) {
                failures++;
            }
            if (failures >= MAX_UPLOAD_ATTEMPTS) {
                console.event("source of form " + form.describe() + " not downloadable: "
                        + download.reply().message() + "; giving it back");
                return null;
            }
            Thread.sleep(backOff.next().toMillis());
        }
    }

    private boolean upload(PoppedForm form, byte[] image) throws InterruptedException {
        return upload("form " + form.describe(), form.uploadUrl(), image, form.deadlineNanos());
    }

    private void submit(PoppedForm form, ObjectNode body) throws InterruptedException {
        submit("form " + form.describe(), form.deadlineNanos(), body);
    }
}
