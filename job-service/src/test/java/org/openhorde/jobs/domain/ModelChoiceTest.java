package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins which model a worker runs a request with. */
class ModelChoiceTest {

    @Test
    void firstRequestedModelTheWorkerServesWins() {
        assertEquals("b", ModelChoice.pick(List.of("a", "b", "c"), List.of("c", "b")));
    }

    @Test
    void requestWithoutModelsTakesTheWorkersFirst() {
        assertEquals("x", ModelChoice.pick(List.of(), List.of("x", "y")));
        assertEquals("x", ModelChoice.pick(null, List.of("x", "y")));
    }

    @Test
    void noCommonModelIsAMatchingBug() {
        assertThrows(IllegalArgumentException.class, () -> ModelChoice.pick(List.of("a"), List.of("b")));
    }
}
