package org.openhorde.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What every AI Horde worker mode does the same way (reGen's process manager, reduced to its protocol): pop while
 * fewer than {@code max_threads + queue_size} pieces of work are in hand, run each on one of {@code max_threads}
 * threads, submit each result with bounded retries, wait with back-off while the horde is down, and on stop take no
 * new work but deliver everything in hand. A mode says how it pops, what a popped piece is, how it works one, and how
 * the horde answers its submits.
 *
 * @param <W> one piece of work as popped: an image job ({@link PoppedJob}) or an interrogation form ({@link PoppedForm})
 */
abstract class WorkerLoop<W> {

    /** The AI Horde worker gives up a submission after this many refusals that are not final. */
    static final int MAX_SUBMIT_ATTEMPTS = 10;
    static final int MAX_UPLOAD_ATTEMPTS = 3;
    /** After a refused pop the AI Horde worker waits 5 s instead of its usual 1 s. */
    static final Duration AFTER_REFUSAL = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    /** The settings as they are now: the web console may change them between two pops. */
    private final Supplier<WorkerOptions> settings;
    final HordeApi api;
    final WorkerConsole console;
    final WorkerStats stats;
    final String bridgeAgent;
    private final String workNoun;
    private final ThreadPoolExecutor threads;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when work leaves the worker's hands or a stop is asked for: the pop loop may go on. */
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    /** Popping paused from the web console: the work in hand goes on, no new work is asked for. */
    private volatile boolean popsPaused;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Set by {@link #wake()}, cleared when a wait begins; guarded by {@link #lock}. */
    private boolean woken;

    /** @param workNoun what one piece of work is called in the console ("job", "form") */
    WorkerLoop(WorkerOptions options, HordeApi api, WorkerConsole console, WorkerStats stats, String bridgeAgent,
               String workNoun) {
        this(() -> options, api, console, stats, bridgeAgent, workNoun);
    }

    /** @param settings read at every pop, so that settings changed while the worker runs apply from the next pop */
    WorkerLoop(Supplier<WorkerOptions> settings, HordeApi api, WorkerConsole console, WorkerStats stats,
               String bridgeAgent, String workNoun) {
        this.settings = settings;
        this.api = api;
        this.console = console;
        this.stats = stats;
        this.bridgeAgent = bridgeAgent;
        this.workNoun = workNoun;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, workNoun + "-thread-" + n.incrementAndGet());
            // Work threads must outlive the main thread: on stop they still deliver what the worker holds.
            t.setDaemon(false);
            return t;
        };
        int size = settings.get().maxThreads();
        this.threads = new ThreadPoolExecutor(size, size, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    /** The settings of this moment. */
    WorkerOptions options() {
        return settings.get();
    }

    /** Asks the horde for at most {@code freeSlots} pieces of work. */
    abstract HordeReply pop(int freeSlots) throws InterruptedException;

    /** The pieces of work a successful pop answer carries (none when the horde had nothing). */
    abstract List<W> popped(HordeReply reply);

    /** The console's key and description of a piece of work, and how many results it stands for. */
    abstract String key(W work);

    abstract String describe(W work);

    abstract int results(W work);

    /** Works one piece start to end, submitting its results; may throw only when interrupted. */
    abstract void work(W work) throws InterruptedException;

    /** Sends one submit body to the horde's submit endpoint of this mode. */
    abstract HordeReply sendSubmit(ObjectNode body) throws InterruptedException;

    /** A refusal of a submit that no retry can change (unknown id, another worker's, already delivered...). */
    abstract boolean finalRefusal(HordeReply reply);

    /** A final refusal saying that an earlier attempt of ours got through after all. */
    abstract boolean alreadyDelivered(HordeReply reply);

    /**
     * Runs until {@link #stop()} or a refusal no waiting can cure; returns once every piece of work in hand was
     * delivered (or given up). Returns 0 after a stop, 2 when the horde refused this worker.
     */
    int run() throws InterruptedException {
        int exitCode = 0;
        BackOff downtime = new BackOff(FIRST_BACKOFF, options().maxBackoff());
        try {
            while (!stopping) {
                WorkerOptions options = options();
                if (popsPaused) {
                    pause(Duration.ofSeconds(1), false);
                    continue;
                }
                resizeThreads(options.maxThreads());
                int free = options.jobsInHandLimit() - (int) stats.inHand.get();
                if (free <= 0) {
                    pause(Duration.ofSeconds(1), true);
                    continue;
                }
                HordeReply reply = pop(free);
                switch (reply.kind()) {
                    case OK -> {
                        downtime.reset();
                        hordeIsBack();
                        List<W> taken = popped(reply);
                        stats.lastHordeAnswer = taken.isEmpty() ? "pop: nothing to do"
                                : "pop: " + String.join(", ", taken.stream().map(this::describe).toList());
                        for (W work : taken) {
                            stats.inHand.incrementAndGet();
                            threads.execute(() -> workAndRelease(work));
                        }
                        if (taken.isEmpty()) {
                            pause(options.popInterval(), false);
                        }
                    }
                    case UNREACHABLE -> {
                        stats.lastHordeAnswer = "pop: horde unreachable (" + reply.message() + ")";
                        Duration wait = downtime.next();
                        hordeIsDown("horde unreachable (" + reply.message() + "), retrying in " + wait.toSeconds()
                                + " s");
                        pause(wait, false);
                    }
                    case REFUSED -> {
                        stats.lastHordeAnswer = "pop refused: " + reply.message()
                                + (reply.rc().isEmpty() ? "" : " (" + reply.rc() + ")");
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
                console.event("stopping: delivering the " + stats.inHand.get() + " " + workNoun
                        + "(s) in hand, taking no new ones");
            }
        } finally {
            threads.shutdown();
            // Every work thread ends: each attempt is bounded, and so is the number of attempts.
            while (!threads.awaitTermination(1, TimeUnit.SECONDS)) {
                // still delivering
            }
            finished.countDown();
        }
        return exitCode;
    }

    /** Asks the loop to stop popping and waits until every piece of work in hand is delivered (or given up). */
    void stop() throws InterruptedException {
        requestStop();
        finished.await();
    }

    /** Asks the loop to stop popping and deliver what it holds; {@link #run()} returns once that is done. */
    void requestStop() {
        stopping = true;
        wake();
    }

    boolean stopping() {
        return stopping;
    }

    /** Pauses or resumes popping; the work in hand goes on either way. */
    void pausePopping(boolean paused) {
        popsPaused = paused;
        wake();
    }

    boolean popsPaused() {
        return popsPaused;
    }

    /**
     * Ends the current wait between pops early: after a settings change or a maintenance switch the next pop
     * should not wait out a back-off meant for the old state.
     */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Grows or shrinks the pool of work threads to {@code max_threads}; a thread at work finishes its piece first. */
    private void resizeThreads(int size) {
        if (threads.getMaximumPoolSize() == size) {
            return;
        }
        // The core size may never exceed the maximum: grow the maximum first, shrink the core first.
        if (size > threads.getMaximumPoolSize()) {
            threads.setMaximumPoolSize(size);
            threads.setCorePoolSize(size);
        } else {
            threads.setCorePoolSize(size);
            threads.setMaximumPoolSize(size);
        }
    }

    /** Never throws; always frees the slot. */
    private void workAndRelease(W work) {
        String key = key(work);
        stats.current.put(key, describe(work));
        try {
            work(work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.dropped.addAndGet(results(work));
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

    /**
     * PUTs an image to its presigned URL. Bounded like the submit: refusals count, a down S3 endpoint is waited for
     * until the work's deadline, after which every failure counts. False when it could not be uploaded.
     *
     * @param what the console's name of the work ("job 1234", "form caption of 5678")
     */
    boolean upload(String what, String url, byte[] image, long deadlineNanos) throws InterruptedException {
        BackOff backOff = new BackOff(FIRST_BACKOFF, options().maxBackoff());
        int refusals = 0;
        while (true) {
            HordeReply reply = api.upload(url, image);
            if (reply.kind() == HordeReply.Kind.OK) {
                return true;
            }
            boolean expired = System.nanoTime() > deadlineNanos;
            if (reply.kind() == HordeReply.Kind.REFUSED || expired) {
                refusals++;
            }
            if (refusals >= MAX_UPLOAD_ATTEMPTS) {
                console.event("upload of " + what + " failed: " + reply.message() + "; submitting it as faulted");
                return false;
            }
            Thread.sleep(backOff.next().toMillis());
        }
    }

    /**
     * Submits one result. Final refusals end it at once; other refusals are retried up to
     * {@link #MAX_SUBMIT_ATTEMPTS} times; while the horde is unreachable the work waits without using up attempts
     * until its deadline (the horde's ttl) has passed, after which every further attempt counts.
     *
     * @param what the console's name of the work ("job 1234", "form caption of 5678")
     */
    void submit(String what, long deadlineNanos, ObjectNode body) throws InterruptedException {
        boolean faulted = "faulted".equals(body.path("state").asText());
        BackOff backOff = new BackOff(FIRST_BACKOFF, options().maxBackoff());
        int attempts = 0;
        int calls = 0;
        while (true) {
            HordeReply reply = sendSubmit(body);
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
                    if (finalRefusal(reply)) {
                        if (alreadyDelivered(reply) && !faulted && calls > 1) {
                            stats.delivered.incrementAndGet();
                            stats.confirmedEarlier.incrementAndGet();
                        } else {
                            console.event(what + " ended by the horde: " + reply.message());
                            stats.dropped.incrementAndGet();
                        }
                        return;
                    }
                    attempts++;
                }
                case UNREACHABLE -> {
                    hordeIsDown("horde unreachable on submit (" + reply.message() + "), " + what + " kept");
                    if (System.nanoTime() > deadlineNanos) {
                        attempts++;
                    }
                }
            }
            if (attempts >= MAX_SUBMIT_ATTEMPTS) {
                console.event(what + " not accepted after " + attempts + " attempts (" + reply.message()
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

    /**
     * Waits, waking early on stop or {@link #wake()}, and also when work leaves the worker's hands if
     * {@code untilSlotFrees}.
     */
    private void pause(Duration wait, boolean untilSlotFrees) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long startInHand = stats.inHand.get();
            woken = false;
            while (!stopping && !woken && System.nanoTime() < deadline
                    && (!untilSlotFrees || stats.inHand.get() >= startInHand)) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }
}
