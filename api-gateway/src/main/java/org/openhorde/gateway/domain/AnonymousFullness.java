package org.openhorde.gateway.domain;

/**
 * Whether the anonymous user was found at its concurrency limit a moment ago, so that the next anonymous
 * interrogation can be refused with 429 {@code TooManyPrompts} before its body is read, without a call to Redis.
 *
 * <p>Why: in a GenAlt-style flood most anonymous intakes arrive while every anonymous slot is taken. Each one used to
 * be parsed (a base64 image of kilobytes), authenticated and checked against Redis only to be refused; that work
 * competed with registered users' requests for the gateway's event loops. The remembered answer lives for
 * {@code hold} at most and is dropped at once when this gateway sees an anonymous slot come free or an anonymous
 * intake succeed, so an anonymous client is refused for at most {@code hold} after room appeared through another
 * gateway. A zero {@code hold} turns the shortcut off. Thread-safe (one volatile).
 */
public final class AnonymousFullness {

    private final long holdNanos;
    /** {@link System#nanoTime()} until which the anonymous user counts as full; 0 when not known to be full. */
    private volatile long fullUntilNanos;

    public AnonymousFullness(java.time.Duration hold) {
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold must not be negative: " + hold);
        }
        this.holdNanos = hold.toNanos();
    }

    /** Redis just refused an anonymous intake because every slot was taken. */
    public void full(long nowNanos) {
        if (holdNanos > 0) {
            fullUntilNanos = nowNanos + holdNanos;
        }
    }

    /** An anonymous slot came free or was taken successfully: room, ask Redis again. */
    public void room() {
        fullUntilNanos = 0;
    }

    public boolean isFull(long nowNanos) {
        long until = fullUntilNanos;
        return until != 0 && nowNanos - until < 0;
    }
}
