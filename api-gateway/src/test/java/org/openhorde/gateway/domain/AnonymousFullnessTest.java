package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnonymousFullnessTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void remembersAFullAnonymousUserForTheHoldOnly() {
        AnonymousFullness fullness = new AnonymousFullness(Duration.ofSeconds(1));
        long now = 42 * SECOND;
        assertFalse(fullness.isFull(now), "nothing known yet");
        fullness.full(now);
        assertTrue(fullness.isFull(now));
        assertTrue(fullness.isFull(now + SECOND - 1));
        assertFalse(fullness.isFull(now + SECOND), "the hold ran out: ask Redis again");
    }

    @Test
    void roomEndsTheHoldAtOnce() {
        AnonymousFullness fullness = new AnonymousFullness(Duration.ofSeconds(1));
        fullness.full(0);
        fullness.room();
        assertFalse(fullness.isFull(1));
    }

    @Test
    void worksAcrossTheNanoTimeSignChange() {
        AnonymousFullness fullness = new AnonymousFullness(Duration.ofSeconds(1));
        long now = Long.MAX_VALUE - 10;
        fullness.full(now);
        assertTrue(fullness.isFull(now + 20), "nanoTime wrapped; still inside the hold");
        assertFalse(fullness.isFull(now + 2 * SECOND));
    }

    @Test
    void aZeroHoldNeverRemembers() {
        AnonymousFullness fullness = new AnonymousFullness(Duration.ZERO);
        fullness.full(5);
        assertFalse(fullness.isFull(5));
        assertThrows(IllegalArgumentException.class, () -> new AnonymousFullness(Duration.ofSeconds(-1)));
    }
}
