package org.openhorde.worker;

import java.time.Duration;

/** Exponential waiting while the horde is down: 1 s, 2 s, 4 s... up to a ceiling, back to the start once it answers. */
final class BackOff {

    private final Duration first;
    private final Duration ceiling;
    private Duration next;

    BackOff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling.compareTo(first) < 0 ? first : ceiling;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the following one, up to the ceiling. */
    Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        return now;
    }

    void reset() {
        next = first;
    }
}
