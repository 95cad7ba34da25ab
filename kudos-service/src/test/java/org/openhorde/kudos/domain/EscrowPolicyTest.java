package org.openhorde.kudos.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the escrow rules for untrusted owners: the held share, when trust is earned, and the balanced release. */
class EscrowPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void heldShareIsRoundedDownToWholeCentikudos() {
        assertEquals(325, EscrowPolicy.held(650, 50));
        assertEquals(325, EscrowPolicy.held(651, 50), "the owner keeps the odd centikudo");
        assertEquals(0, EscrowPolicy.held(650, 0));
        assertEquals(650, EscrowPolicy.held(650, 100));
        assertThrows(IllegalArgumentException.class, () -> EscrowPolicy.held(650, 101));
    }

    @Test
    void trustNeedsMoreThanTheThresholdAndAnOldEnoughAccount() {
        Instant oldAccount = NOW.minus(Duration.ofDays(8));
        assertTrue(EscrowPolicy.earnsTrust(1001, 1000, oldAccount, WEEK, NOW));
        assertFalse(EscrowPolicy.earnsTrust(1000, 1000, oldAccount, WEEK, NOW), "exceeding, not reaching");
        assertFalse(EscrowPolicy.earnsTrust(5000, 1000, NOW.minus(Duration.ofDays(6)), WEEK, NOW), "too young");
        assertTrue(EscrowPolicy.earnsTrust(5000, 1000, NOW.minus(WEEK), WEEK, NOW), "exactly old enough");
    }

    @Test
    void releaseMovesEverythingFromEscrowToTheBalance() {
        List<Posting> postings = EscrowPolicy.release(42, 1234);
        assertEquals(List.of(new Posting("escrow:user:42", -1234, KudosCategory.ESCROW),
                new Posting("user:42", 1234, KudosCategory.ACCUMULATED)), postings);
        assertEquals(0, JobSettlement.sum(postings));
        assertTrue(EscrowPolicy.release(42, 0).isEmpty(), "nothing held, nothing to post");
    }
}
