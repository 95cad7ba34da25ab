package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.PromptFilter;

/** Pins the AI Horde's prompt scoring, normalization and sanitizing, with benign fixture words only. */
class PromptScreenTest {

    private static final PromptScreen SCREEN = PromptScreen.of(List.of(
            new PromptFilter(1, "zebracorn", 10, "first group", "unicorn", "mod#1"),
            new PromptFilter(2, "quixotle", 11, null, "", "mod#1"),
            new PromptFilter(3, "vermillex", 20, null, "", "mod#1"),
            new PromptFilter(4, "([", 20, "invalid, left out", "", "mod#1")));

    @Test
    void aCleanPromptIsNotSuspicious() {
        assertEquals(new PromptScreen.Suspicion(0, List.of()), SCREEN.check("a perfectly ordinary prompt", null));
    }

    @Test
    void oneGroupScoresOnceWhicheverOfItsFiltersMatches() {
        assertEquals(new PromptScreen.Suspicion(1, List.of("zebracorn")), SCREEN.check("a zebracorn", null));
        assertEquals(new PromptScreen.Suspicion(1, List.of("quixotle")), SCREEN.check("a quixotle", null));
        assertEquals(1, SCREEN.check("zebracorn quixotle", null).score());
    }

    @Test
    void bothGroupsTogetherBlock() {
        PromptScreen.Suspicion both = SCREEN.check("zebracorn and vermillex", null);
        assertEquals(List.of("zebracorn", "vermillex"), both.matches());
        assertTrue(both.blocking());
        assertFalse(SCREEN.check("vermillex alone", null).blocking());
    }

    @Test
    void onlyThePositivePromptIsScored() {
        assertFalse(SCREEN.check("zebracorn###vermillex", null).blocking());
    }

    @Test
    void tricksAreNormalizedAway() {
        assertTrue(SCREEN.check("(ZebraCorn:1.3), v e r m i l l e x", null).blocking());
        assertTrue(SCREEN.check("zébracorn_vermíllex", null).blocking());
    }

    @Test
    void aChildEmojiCountsForTheFirstGroup() {
        assertEquals(2, SCREEN.check("\uD83D\uDC67 vermillex", null).score());
    }

    @Test
    void oneTypeCanBeCheckedAlone() {
        assertEquals(new PromptScreen.Suspicion(1, List.of("vermillex")),
                SCREEN.check("zebracorn vermillex", 20));
    }

    @Test
    void sanitizingReplacesTheFirstGroupAndForcesTheNegativePrompt() {
        assertEquals("a unicorn with vermillex###" + PromptScreen.FORCED_NEGATIVE + ", blurry",
                SCREEN.sanitize("a zebracorn with vermillex###blurry"));
        assertNull(PromptScreen.of(List.of(new PromptFilter(1, "zebracorn", 10, null, "", "m#1")))
                .sanitize("zebracorn"));
    }

    @Test
    void theRegexOfEachTypeIsItsFiltersJoined() {
        PromptScreen two = PromptScreen.of(List.of(new PromptFilter(1, "a+b", 10, null, "", "m#1"),
                new PromptFilter(2, "c", 10, null, "", "m#1")));
        assertEquals("a+b|c", two.regexOf(10));
        assertNull(two.regexOf(20));
        assertNull(PromptScreen.compile("(["));
    }
}
