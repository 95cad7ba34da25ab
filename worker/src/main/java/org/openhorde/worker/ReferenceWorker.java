package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The AI Horde worker's loop (reGen's process manager, reduced to its protocol): pop while fewer than
 * {@code max_threads + queue_size} jobs are in hand, generate each on one of {@code max_threads} threads, upload
 * every image to its presigned URL and submit one request per image id. Waits when the horde is down, and on stop
 * takes no new job but delivers every job it holds.
 */
final class ReferenceWorker {

    /** The AI Horde worker gives up a submission after this many refusals that are not final. */
    static final int MAX_SUBMIT_ATTEMPTS = 10;
    static final int MAX_UPLOAD_ATTEMPTS = 3;
    /** After a refused pop the AI Horde worker waits 5 s instead of its usual 1 s. */
    static final Duration AFTER_REFUSAL = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final WorkerOptions options;
    private final HordeApi api;
    private final Backend backend;
    private final WorkerConsole console;
    private final WorkerStats stats;
    private final String bridgeAgent;
    private final ExecutorService threads;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a job leaves the worker's hands or a stop is asked for: the pop loop may go on. */
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    private final CountDownLatch finished = new CountDownLatch(1);

    ReferenceWorker(WorkerOptions options, HordeApi api, Backend backend, WorkerConsole console, WorkerStats stats,
                    String bridgeAgent) {
        this.options = options;
        this.api = api;
        this.backend = backend;
        this.console = console;
        this.stats = stats;
        this.bridgeAgent = bridgeAgent;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "job-thread-" + n.incrementAndGet());
            // Job threads must outlive the main thread: on stop they still deliver what the worker holds.
            t.setDaemon(false);
            return t;
        };
        this.threads = Executors.newFixedThreadPool(options.maxThreads(), factory);
    }

    /**
     * Runs until {@link #stop()} or a refusal no waiting can cure; returns once every job in hand was delivered
     * (or given up). Returns 0 after a stop, 2 when the horde refused this worker.
     */
    int run() throws InterruptedException {
        int exitCode = 0;
        BackOff downtime = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        try {
            while (!stopping) {
                if (stats.inHand.get() >= options.jobsInHandLimit()) {
                    pause(Duration.ofSeconds(1), true);
                    continue;
                }
                HordeReply reply = api.pop(popBody());
                switch (reply.kind()) {
                    case OK -> {
                        downtime.reset();
                        hordeIsBack();
                        Optional<PoppedJob> job = PoppedJob.from(reply.body(), System.nanoTime());
                        if (job.isPresent()) {
                            stats.inHand.incrementAndGet();
                            threads.execute(() -> work(job.get()));
                        } else {
                            pause(options.popInterval(), false);
                        }
                    }
                    case UNREACHABLE -> {
                        Duration wait = downtime.next();
                        hordeIsDown("horde unreachable (" + reply.message() + "), retrying in " + wait.toSeconds()
                                + " s");
                        pause(wait, false);
                    }
                    case REFUSED -> {
                        if (Refusals.stopsWorker(reply.status(), reply.rc())) {
                            console.event("the horde refuses this worker: " + reply.message()
                                    + (reply.rc().isEmpty() ? "" : " (" + reply.rc() + ")") + "; stopping");
                            exitCode = 2;
                            stopping = true;
                        } else {
                            console.event("pop refused: " + reply.message() + " (" + reply.rc() + "), retrying in "
                                    + AFTER_REFUSAL.toSeconds() + " s");
                            pause(AFTER_REFUSAL, false);
                        }
                    }
                }
            }
            if (stats.inHand.get() > 0) {
                console.event("stopping: delivering the " + stats.inHand.get() + " job(s) in hand, taking no new ones");
            }
        } finally {
            threads.shutdown();
            // Every job thread ends: each attempt is bounded, and so is the number of attempts.
            while (!threads.awaitTermination(1, TimeUnit.SECONDS)) {
                // still delivering
            }
            finished.countDown();
        }
        return exitCode;
    }

    /** Asks the loop to stop popping and waits until every job in hand is delivered (or given up). */
    void stop() throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        finished.await();
    }

    private ObjectNode popBody() {
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

    /** One job, start to end: generate the batch, then deliver each image. Never throws; always frees its slot. */
    private void work(PoppedJob job) {
        String key = job.ids().get(0);
        stats.current.put(key, job.describe());
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.dropped.addAndGet(job.ids().size());
        } catch (RuntimeException e) {
            console.event("job " + key + " failed in the backend: " + e + "; giving it back");
            giveBack(job);
        } finally {
            stats.current.remove(key);
            stats.inHand.decrementAndGet();
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
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

    /** Bounded like the submit: refusals count, a down S3 endpoint is waited for until the job's deadline. */
    private boolean upload(PoppedJob job, String url, byte[] image) throws InterruptedException {
        BackOff backOff = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        int refusals = 0;
        while (true) {
            HordeReply reply = api.upload(url, image);
            if (reply.kind() == HordeReply.Kind.OK) {
                return true;
            }
            boolean expired = System.nanoTime() > job.deadlineNanos();
            if (reply.kind() == HordeReply.Kind.REFUSED || expired) {
                refusals++;
            }
            if (refusals >= MAX_UPLOAD_ATTEMPTS) {
                console.event("upload of job " + job.ids().get(0) + " failed: " + reply.message()
                        + "; submitting it as faulted");
                return false;
            }
            Thread.sleep(backOff.next().toMillis());
        }
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

    /**
     * Submits one image. Final refusals end it at once; other refusals are retried up to
     * {@link #MAX_SUBMIT_ATTEMPTS} times; while the horde is unreachable the job waits without using up attempts
     * until its ttl has passed, after which every further attempt counts.
     */
    private void submit(PoppedJob job, int index, ObjectNode body) throws InterruptedException {
        String id = job.ids().get(index);
        boolean faulted = "faulted".equals(body.path("state").asText());
        BackOff backOff = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        int attempts = 0;
        int calls = 0;
        while (true) {
            HordeReply reply = api.submit(body);
            calls++;
            switch (reply.kind()) {
                case OK -> {
                    hordeIsBack();
                    if (faulted) {
                        stats.faulted.incrementAndGet();
                    } else {
                        stats.delivered.incrementAndGet();
                        stats.earnedCentikudos.addAndGet(Math.round(reply.body().path("reward").asDouble() * 100));
                    }
                    return;
                }
                case REFUSED -> {
                    hordeIsBack();
                    if (Refusals.isFinalForSubmit(reply.message())) {
                        if (Refusals.isAlreadyDelivered(reply.message()) && !faulted && calls > 1) {
                            stats.delivered.incrementAndGet();
                            stats.confirmedEarlier.incrementAndGet();
                        } else {
                            console.event("job " + id + " ended by the horde: " + reply.message());
                            stats.dropped.incrementAndGet();
                        }
                        return;
                    }
                    attempts++;
                }
                case UNREACHABLE -> {
                    hordeIsDown("horde unreachable on submit (" + reply.message() + "), job " + id + " kept");
                    if (System.nanoTime() > job.deadlineNanos()) {
                        attempts++;
                    }
                }
            }
            if (attempts >= MAX_SUBMIT_ATTEMPTS) {
                console.event("job " + id + " not accepted after " + attempts + " attempts (" + reply.message()
                        + "); dropping it");
                stats.dropped.incrementAndGet();
                return;
            }
            Thread.sleep(backOff.next().toMillis());
        }
    }

    private void hordeIsDown(String what) {
        if (stats.hordeTrouble == null) {
            console.event(what);
        }
        stats.hordeTrouble = what;
    }

    private void hordeIsBack() {
        if (stats.hordeTrouble != null) {
            stats.hordeTrouble = null;
            console.event("the horde answers again");
        }
    }

    /** Waits, waking early on stop, and also when a job leaves the worker's hands if {@code untilSlotFrees}. */
    private void pause(Duration wait, boolean untilSlotFrees) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long startInHand = stats.inHand.get();
            while (!stopping && System.nanoTime() < deadline && (!untilSlotFrees || stats.inHand.get() >= startInHand)) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }
}
