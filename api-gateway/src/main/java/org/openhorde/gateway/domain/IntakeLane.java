package org.openhorde.gateway.domain;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.LongSupplier;

/**
 * A lane of at most {@code width} intakes in flight, started no closer together than {@code spacing}; the others
 * wait their turn in arrival order, at most {@code maxWaiting} of them. Non-blocking: a caller hands in what to run
 * when its turn comes ({@link #enter}) and gives its place back when done ({@link #leave}), which starts the next
 * waiter on the leaving thread, or through the {@link Timer} when its start is still due later.
 *
 * <p>Why: during a GenAlt-style flood hundreds of anonymous interrogations arrive at once. Each costs storage-service
 * an image check and an S3 write and interrogation-service a transaction; let through together they fill those
 * services' queues (HTTP, worker threads, database pools) and a registered user's interrogation, which needs the same
 * services, waits behind all of them. Held in a narrow lane in the gateway, the flood reaches them a few at a time and
 * registered users' calls, which do not use the lane, find short queues. The width alone still lets the flood take
 * every core the machine has (one intake after the other, as fast as they complete); the spacing caps the rate, so
 * the flood's work is bounded whatever its size (decision 0052), and the bounded backlog turns the rest away at once
 * instead of holding their connections for minutes.
 */
public final class IntakeLane {

    /** Runs a task after a delay (a Vert.x timer in the gateway; the test's own clock in unit tests). */
    public interface Timer {
        void after(long delayNanos, Runnable task);
    }

    private final int width;
    private final long spacingNanos;
    private final int maxWaiting;
    private final LongSupplier nanoClock;
    private final Timer timer;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;
    private long nextStartNanos;
    private boolean startedAny;

    /** A lane without spacing or backlog limit: only the width holds intakes back. */
    public IntakeLane(int width) {
        this(width, 0, Integer.MAX_VALUE, System::nanoTime, (delay, task) -> task.run());
    }

    public IntakeLane(int width, long spacingNanos, int maxWaiting, LongSupplier nanoClock, Timer timer) {
        if (width < 1) {
            throw new IllegalArgumentException("a lane is at least 1 wide: " + width);
        }
        if (spacingNanos < 0 || maxWaiting < 0) {
            throw new IllegalArgumentException("spacing and backlog cannot be negative");
        }
        this.width = width;
        this.spacingNanos = spacingNanos;
        this.maxWaiting = maxWaiting;
        this.nanoClock = nanoClock;
        this.timer = timer;
    }

    /**
     * Runs {@code turn} now if the lane has room and the spacing allows, later if not; false (and {@code turn} never
     * runs) when the backlog is already full.
     */
    public boolean enter(Runnable turn) {
        long delay;
        synchronized (this) {
            if (inFlight >= width) {
                if (waiting.size() >= maxWaiting) {
                    return false;
                }
                waiting.add(turn);
                return true;
            }
            inFlight++;
            delay = claimStart();
        }
        start(turn, delay);
        return true;
    }

    /** Gives one place back: the longest-waiting intake takes it, else the lane shrinks. */
    public void leave() {
        Runnable next;
        long delay;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                if (inFlight == 0) {
                    throw new IllegalStateException("left a lane nobody was in");
                }
                inFlight--;
                return;
            }
            delay = claimStart();
        }
        start(next, delay);
    }

    /** The delay before the next start may happen, reserving that start; called with the lock held. */
    private long claimStart() {
        long now = nanoClock.getAsLong();
        long at = !startedAny || now - nextStartNanos > 0 ? now : nextStartNanos;
        startedAny = true;
        nextStartNanos = at + spacingNanos;
        return at - now;
    }

    private void start(Runnable turn, long delayNanos) {
        if (delayNanos <= 0) {
            turn.run();
        } else {
            timer.after(delayNanos, turn);
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }
}
