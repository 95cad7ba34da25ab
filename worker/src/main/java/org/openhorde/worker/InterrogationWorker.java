package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The AI Horde's interrogation worker loop ("alchemist"): pop up to as many forms as slots are free
 * ({@code max_threads + queue_size} in hand at most), analyse each on one of {@code max_threads} threads — download
 * the source from its presigned URL, run the form, PUT a post-processor's image to its {@code r2_upload} — and submit
 * each form on its own as soon as it is done ({@code {id, result: {form: value}, state}}). Waiting, refusals and
 * stopping behave exactly as in the image mode ({@link ReferenceWorker}).
 */
final class InterrogationWorker {

    /** The horde keeps sources within its 5 MB limit; a little slack for encodings. */
    static final int MAX_SOURCE_BYTES = 8 * 1024 * 1024;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final WorkerOptions options;
    private final HordeApi api;
    private final InterrogationBackend backend;
    private final WorkerConsole console;
    private final WorkerStats stats;
    private final String bridgeAgent;
    private final ExecutorService threads;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    private final CountDownLatch finished = new CountDownLatch(1);

    InterrogationWorker(WorkerOptions options, HordeApi api, InterrogationBackend backend, WorkerConsole console,
                        WorkerStats stats, String bridgeAgent) {
        this.options = options;
        this.api = api;
        this.backend = backend;
        this.console = console;
        this.stats = stats;
        this.bridgeAgent = bridgeAgent;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "form-thread-" + n.incrementAndGet());
            t.setDaemon(false); // on stop they still deliver what the worker holds
            return t;
        };
        this.threads = Executors.newFixedThreadPool(options.maxThreads(), factory);
    }

    /** As {@link ReferenceWorker#run()}: 0 after a stop, 2 when the horde refused this worker. */
    int run() throws InterruptedException {
        int exitCode = 0;
        BackOff downtime = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        try {
            while (!stopping) {
                int free = options.jobsInHandLimit() - (int) stats.inHand.get();
                if (free <= 0) {
                    pause(Duration.ofSeconds(1), true);
                    continue;
                }
                HordeReply reply = api.interrogationPop(popBody(free));
                switch (reply.kind()) {
                    case OK -> {
                        downtime.reset();
                        hordeIsBack();
                        List<PoppedForm> forms = PoppedForm.from(reply.body(), System.nanoTime());
                        for (PoppedForm form : forms) {
                            stats.inHand.incrementAndGet();
                            threads.execute(() -> work(form));
                        }
                        if (forms.isEmpty()) {
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
                                    + ReferenceWorker.AFTER_REFUSAL.toSeconds() + " s");
                            pause(ReferenceWorker.AFTER_REFUSAL, false);
                        }
                    }
                }
            }
            if (stats.inHand.get() > 0) {
                console.event("stopping: delivering the " + stats.inHand.get() + " form(s) in hand, taking no new ones");
            }
        } finally {
            threads.shutdown();
            while (!threads.awaitTermination(1, TimeUnit.SECONDS)) {
                // still delivering
            }
            finished.countDown();
        }
        return exitCode;
    }

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

    /** The AI Horde's InterrogationPopInput; {@code amount} is what fits in the free slots unless capped. */
    ObjectNode popBody(int freeSlots) {
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

    /** One form, start to end. Never throws; always frees its slot. */
    private void work(PoppedForm form) {
        stats.current.put(form.id(), form.describe());
        try {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.dropped.incrementAndGet();
        } finally {
            stats.current.remove(form.id());
            stats.inHand.decrementAndGet();
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
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
        BackOff backOff = new BackOff(FIRST_BACKOFF, options.maxBackoff());
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
            if (failures >= ReferenceWorker.MAX_UPLOAD_ATTEMPTS) {
                console.event("source of form " + form.describe() + " not downloadable: "
                        + download.reply().message() + "; giving it back");
                return null;
            }
            Thread.sleep(backOff.next().toMillis());
        }
    }

    private boolean upload(PoppedForm form, byte[] image) throws InterruptedException {
        BackOff backOff = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        int refusals = 0;
        while (true) {
            HordeReply reply = api.upload(form.uploadUrl(), image);
            if (reply.kind() == HordeReply.Kind.OK) {
                return true;
            }
            boolean expired = System.nanoTime() > form.deadlineNanos();
            if (reply.kind() == HordeReply.Kind.REFUSED || expired) {
                refusals++;
            }
            if (refusals >= ReferenceWorker.MAX_UPLOAD_ATTEMPTS) {
                console.event("upload of form " + form.describe() + " failed: " + reply.message()
                        + "; submitting it as faulted");
                return false;
            }
            Thread.sleep(backOff.next().toMillis());
        }
    }

    /**
     * As the image mode's submit: final refusals ({@code DuplicateGen}, {@code InvalidJobID}, another worker's form)
     * end it; other refusals are retried up to {@link ReferenceWorker#MAX_SUBMIT_ATTEMPTS} times; an unreachable
     * horde is waited for without using up attempts until the form's 3 minutes have passed.
     */
    private void submit(PoppedForm form, ObjectNode body) throws InterruptedException {
        boolean faulted = "faulted".equals(body.path("state").asText());
        BackOff backOff = new BackOff(FIRST_BACKOFF, options.maxBackoff());
        int attempts = 0;
        int calls = 0;
        while (true) {
            HordeReply reply = api.interrogationSubmit(body);
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
                    if (Refusals.isFinalForInterrogationSubmit(reply.status(), reply.rc(), reply.message())) {
                        if (Refusals.isAlreadyDelivered(reply.rc(), reply.message()) && !faulted && calls > 1) {
                            stats.delivered.incrementAndGet();
                            stats.confirmedEarlier.incrementAndGet();
                        } else {
                            console.event("form " + form.describe() + " ended by the horde: " + reply.message());
                            stats.dropped.incrementAndGet();
                        }
                        return;
                    }
                    attempts++;
                }
                case UNREACHABLE -> {
                    hordeIsDown("horde unreachable on submit (" + reply.message() + "), form " + form.describe()
                            + " kept");
                    if (System.nanoTime() > form.deadlineNanos()) {
                        attempts++;
                    }
                }
            }
            if (attempts >= ReferenceWorker.MAX_SUBMIT_ATTEMPTS) {
                console.event("form " + form.describe() + " not accepted after " + attempts + " attempts ("
                        + reply.message() + "); dropping it");
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
