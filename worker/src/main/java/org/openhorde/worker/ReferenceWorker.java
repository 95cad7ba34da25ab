package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The AI Horde image worker (reGen's protocol): pops one job at a time ({@link WorkerLoop} keeps
 * {@code max_threads + queue_size} in hand), generates its images on the backend, uploads every image to its
 * presigned URL and submits one request per image id.
 */
final class ReferenceWorker extends WorkerLoop<PoppedJob> {

    private final Backend backend;

    ReferenceWorker(WorkerOptions options, HordeApi api, Backend backend, WorkerConsole console, WorkerStats stats,
                    String bridgeAgent) {
        this(() -> options, api, backend, console, stats, bridgeAgent);
    }

    /** @param settings read at every pop: the web console may change them while the worker runs */
    ReferenceWorker(java.util.function.Supplier<WorkerOptions> settings, HordeApi api, Backend backend,
                    WorkerConsole console, WorkerStats stats, String bridgeAgent) {
        super(settings, api, console, stats, bridgeAgent, "job");
        this.backend = backend;
    }

    /** An image pop takes one job (a batch of one request's images, {@code amount}), whatever the free slots. */
    @Override
    HordeReply pop(int freeSlots) throws InterruptedException {
        return api.pop(popBody());
    }

    @Override
    List<PoppedJob> popped(HordeReply reply) {
        return PoppedJob.from(reply.body(), System.nanoTime()).map(List::of).orElse(List.of());
    }

    @Override
    String key(PoppedJob job) {
        return job.ids().get(0);
    }

    @Override
    String describe(PoppedJob job) {
        return job.describe();
    }

    @Override
    int results(PoppedJob job) {
        return job.ids().size();
    }

    @Override
    HordeReply sendSubmit(ObjectNode body) throws InterruptedException {
        return api.submit(body);
    }

    @Override
    boolean finalRefusal(HordeReply reply) {
        return Refusals.isFinalForSubmit(reply.message());
    }

    @Override
    boolean alreadyDelivered(HordeReply reply) {
        return Refusals.isAlreadyDelivered(reply.message());
    }

    private ObjectNode popBody() {
        // One snapshot: a change made meanwhile in the web console applies from the next pop, whole.
        WorkerOptions options = options();
        ObjectNode body = HordeApi.JSON.createObjectNode()
                .put("name", options.name())
                .put("nsfw", options.nsfw())
                .put("bridge_agent", bridgeAgent)
                .put("threads", options.maxThreads())
                .put("require_upfront_kudos", false)
                .put("amount", options.amount())
                .put("max_pixels", options.maxPixels())
                .put("allow_img2img", options.allowImg2img())
                .put("allow_painting", options.allowPainting())
                .put("allow_unsafe_ipaddr", options.allowUnsafeIpaddr())
                .put("allow_post_processing", options.allowPostProcessing())
                .put("allow_controlnet", options.allowControlnet())
                .put("allow_sdxl_controlnet", options.allowSdxlControlnet())
                .put("allow_lora", options.allowLora())
                .put("extra_slow_worker", options.extraSlowWorker());
        options.models().forEach(body.putArray("models")::add);
        options.priorityUsernames().forEach(body.putArray("priority_usernames")::add);
        options.blacklist().forEach(body.putArray("blacklist")::add);
        return body;
    }

    /** One job, start to end: generate the batch, then deliver each image. */
    @Override
    void work(PoppedJob job) throws InterruptedException {
        try {
            boolean extrasFailed = fetchExtraSources(job);
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < job.ids().size(); i++) {
                images.add(backend.generate(job, i));
            }
            stats.megapixelstepsMilli.addAndGet(Math.round(job.megapixelsteps() * 1000));
            for (int i = 0; i < images.size(); i++) {
                deliver(job, i, images.get(i), extrasFailed);
            }
        } catch (RuntimeException e) {
            console.event("job " + job.ids().get(0) + " failed in the backend: " + e + "; giving it back");
            giveBack(job);
        }
    }

    /** A job the backend could not generate goes back to the horde's queue for another worker at once. */
    private void giveBack(PoppedJob job) {
        for (int i = 0; i < job.ids().size(); i++) {
            try {
                submit(job, i, submitBody(job, i, "R2", "faulted"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Downloads a remix's extra source images as a real worker must; the procedural backend draws without them, and
     * the console says so. Whether one could not be fetched, to report it with the image (AI Horde worker:
     * {@code gen_metadata} {@code extra_source_images: download_failed}).
     */
    private boolean fetchExtraSources(PoppedJob job) throws InterruptedException {
        if (job.extraSources().isEmpty()) {
            return false;
        }
        int fetched = 0;
        for (String source : job.extraSources()) {
            byte[] bytes = source.startsWith("http") ? api.download(source) : null;
            if (bytes != null && bytes.length > 0) {
                fetched++;
            }
        }
        console.event("job " + job.ids().get(0) + ": remix with " + job.extraSources().size()
                + " extra source images, " + fetched + " downloaded; the procedural backend ignores them");
        return fetched < job.extraSources().size();
    }

    private void deliver(PoppedJob job, int index, byte[] image, boolean extrasFailed) throws InterruptedException {
        String uploadUrl = job.uploadUrl(index);
        if (uploadUrl == null) {
            submit(job, index, submitBody(job, index, Base64.getEncoder().encodeToString(image), "ok", extrasFailed));
            return;
        }
        boolean uploaded = upload(job, uploadUrl, image);
        submit(job, index, submitBody(job, index, "R2", uploaded ? "ok" : "faulted", extrasFailed));
    }

    private boolean upload(PoppedJob job, String url, byte[] image) throws InterruptedException {
        return upload("job " + job.ids().get(0), url, image, job.deadlineNanos());
    }

    private ObjectNode submitBody(PoppedJob job, int index, String generation, String state) {
        return submitBody(job, index, generation, state, false);
    }

    private ObjectNode submitBody(PoppedJob job, int index, String generation, String state, boolean extrasFailed) {
        ObjectNode body = HordeApi.JSON.createObjectNode()
                .put("id", job.ids().get(index))
                .put("generation", generation)
                .put("state", state)
                .put("seed", job.seedOf(index));
        if (job.ids().size() > 1 || extrasFailed) {
            ArrayNode metadata = body.putArray("gen_metadata");
            if (job.ids().size() > 1) {
                // The AI Horde worker marks batch images so that the horde knows which seed each one used.
                metadata.addObject().put("type", "batch_index").put("value", "see_ref")
                        .put("ref", Integer.toString(index));
            }
            if (extrasFailed) {
                metadata.addObject().put("type", "extra_source_images").put("value", "download_failed");
            }
        }
        return body;
    }

    private void submit(PoppedJob job, int index, ObjectNode body) throws InterruptedException {
        submit("job " + job.ids().get(index), job.deadlineNanos(), body);
    }
}
