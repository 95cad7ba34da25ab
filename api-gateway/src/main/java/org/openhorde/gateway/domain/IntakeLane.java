package org.openhorde.gateway.domain;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A lane of at most {@code width} intakes in flight; the others wait their turn in arrival order. Non-blocking: a
 * caller hands in what to run when its turn comes ({@link #enter}) and gives its place back when done
 * ({@link #leave}), which starts the next waiter on the leaving thread.
 *
 * <p>Why: during a GenAlt-style flood hundreds of anonymous interrogations arrive at once. Each costs storage-service
 * an image check and an S3 write and interrogation-service a transaction; let through together they fill those
 * services' queues (HTTP, worker threads, database pools) and a registered user's interrogation, which needs the same
 * services, waits behind all of them. Held in a narrow lane in the gateway, the flood reaches them a few at a time and
 * registered users' calls, which do not use the lane, find short queues.
 */
public final class IntakeLane {

    private final int width;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    public IntakeLane(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a lane is at least 1 wide: " + width);
        }
        this.width = width;
    }

    /** Runs {@code turn} now if the lane has room, else when an earlier intake leaves. */
    public void enter(Runnable turn) {
        synchronized (this) {
            if (inFlight >= width) {
                waiting.add(turn);
                return;
            }
            inFlight++;
        }
        turn.run();
    }

    /** Gives one place back: the longest-waiting intake takes it (and runs on this thread), else the lane shrinks. */
    public void leave() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                if (inFlight == 0) {
                    throw new IllegalStateException("left a lane nobody was in");
                }
                inFlight--;
                return;
            }
        }
        next.run();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }
}
