package org.openhorde.kit.profanity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins what the shared profanity check refuses: the library's listed words, whole words, in any case. */
class ProfaneTextTest {

    /** A word the library lists, read from it rather than typed here. */
    private static final String LISTED = ProfaneText.words().stream().filter(w -> w.matches("[a-z]{4,}"))
            .findFirst().orElseThrow();

    @Test
    void theLibrarysWordsAreProfaneAsWordsOfANameInAnyCase() {
        assertTrue(ProfaneText.isProfane(LISTED));
        assertTrue(ProfaneText.isProfane("my " + LISTED.toUpperCase() + " worker"));
        assertTrue(ProfaneText.isProfane("worker-" + LISTED + "-3"));
    }

    @Test
    void ordinaryNamesAndNothingAreNotProfane() {
        for (String name : List.of("Scunthorpe", "classic", "assassin", "reGen worker 3", "fluffy kitten", "")) {
            assertFalse(ProfaneText.isProfane(name), name);
        }
        assertFalse(ProfaneText.isProfane(null));
    }

    @Test
    void aWordInsideAnotherWordIsNotMatched() {
        assertFalse(ProfaneText.isProfane("xx" + LISTED + "xx"));
    }

    @Test
    void theWordListComesFromTheLibraryAndIsNotEmpty() {
        assertTrue(ProfaneText.words().size() > 100);
    }
}
