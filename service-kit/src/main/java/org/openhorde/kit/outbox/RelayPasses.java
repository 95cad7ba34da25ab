package org.openhorde.kit.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets one relay pass run at a time in a process without losing a request: a nudge or poll that arrives while a pass
 * runs is remembered, and the running pass goes round once more for it, because the rows that request was about
 * (committed after the pass read its batch) would otherwise wait for the next poll.
 *
 * <p>Usage: {@code if (request()) { do { beginPass(); ...pass... } while (endPass()); }}, with the loop possibly
 * spread over asynchronous callbacks.
 */
final class RelayPasses {

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    /** Records a request for a pass; true when no pass was running and the caller must now run one. */
    boolean request() {
        requested.set(true);
        return running.compareAndSet(false, true);
    }

    /**
     * Before each read of outbox rows in a pass (a pass may read several batches): that read serves every request
     * made so far, since the rows they announced were committed before it.
     */
    void beginPass() {
        requested.set(false);
    }

    /**
     * When a pass ended (successfully or not); true when a request arrived during it and the caller must run another
     * pass, false when the relay is idle again.
     */
    boolean endPass() {
        running.set(false);
        // A request that came during the pass found us running and left its rows to us; if another caller's request()
        // got in between, that caller runs the pass instead (the compareAndSet makes sure only one of us does).
        return requested.get() && running.compareAndSet(false, true);
    }
}
