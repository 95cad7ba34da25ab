package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.SharedKeyDetails;

/** When a shared key may pay for a request: empty, expired, over its limits or its budget. */
class SharedKeyUseTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static SharedKeyDetails key(long kudos, Instant expiry, int pixels, int steps, int tokens) {
        return new SharedKeyDetails(UUID.randomUUID(), 7, "owner#7", "app", kudos, expiry, 0, pixels, steps, tokens);
    }

    @Test
    void anEmptyKeyIsSharedKeyEmptyAndAnExpiredOneSharedKeyExpired() {
        assertEquals("SharedKeyEmpty", SharedKeyUse.unusable(key(0, null, -1, -1, -1), NOW).error().rc());
        assertEquals(403, SharedKeyUse.unusable(key(0, null, -1, -1, -1), NOW).httpStatus());
        assertEquals("SharedKeyExpired",
                SharedKeyUse.unusable(key(100, NOW.minusSeconds(1), -1, -1, -1), NOW).error().rc());
        assertNull(SharedKeyUse.unusable(key(100, NOW.plusSeconds(60), -1, -1, -1), NOW));
        assertNull(SharedKeyUse.unusable(key(-1, null, -1, -1, -1), NOW));
    }

    @Test
    void limitsRefuseBiggerJobsWithA400() {
        SharedKeyDetails limited = key(-1, null, 512 * 512, 30, 100);
        assertDoesNotThrow(() -> SharedKeyUse.requireWithinImageLimits(limited, 512 * 512, 30));
        HordeException pixels = assertThrows(HordeException.class,
                () -> SharedKeyUse.requireWithinImageLimits(limited, 512 * 576, 30));
        assertEquals(400, pixels.httpStatus());
        assertTrue(pixels.error().message().contains("limited to 262144 pixels"));
        assertThrows(HordeException.class, () -> SharedKeyUse.requireWithinImageLimits(limited, 512 * 512, 31));
        assertThrows(HordeException.class, () -> SharedKeyUse.requireWithinTextLimits(limited, 101));
        assertDoesNotThrow(() -> SharedKeyUse.requireWithinImageLimits(key(-1, null, -1, -1, -1), 4_000_000, 500));
    }

    @Test
    void theBudgetMustCoverTheEstimate() {
        assertTrue(SharedKeyUse.covers(key(-1, null, -1, -1, -1), Long.MAX_VALUE));
        assertTrue(SharedKeyUse.covers(key(1000, null, -1, -1, -1), 1000));
        assertFalse(SharedKeyUse.covers(key(1000, null, -1, -1, -1), 1001));
        assertEquals("SharedKeyInsufficientKudos",
                SharedKeyUse.insufficient(key(1000, null, -1, -1, -1), 1001).error().rc());
    }

    @Test
    void aStylesSharedkeyIsAbsentEmptyOrAUuidElseSharedKeyInvalid() {
        assertTrue(SharedKeyUse.styleKeyId(null).isEmpty());
        assertTrue(SharedKeyUse.styleKeyId("").isEmpty(), "the AI Horde's 'if args.sharedkey': nothing changes");
        UUID id = UUID.randomUUID();
        assertEquals(id, SharedKeyUse.styleKeyId(id.toString()).orElseThrow());
        HordeException garbage = assertThrows(HordeException.class, () -> SharedKeyUse.styleKeyId("not-a-key"));
        assertEquals(400, garbage.httpStatus());
        assertEquals("SharedKeyInvalid", garbage.error().rc());
        assertEquals("This shared key does not exist", garbage.error().message());
    }

    @Test
    void onlyTheOwnersUsableKeyIsAssignedToAStyleAndItsStateIsA400WithItsOwnRc() {
        assertDoesNotThrow(() -> SharedKeyUse.requireAssignable(key(100, null, -1, -1, -1), 7, "owner#7", NOW));
        HordeException stranger = assertThrows(HordeException.class,
                () -> SharedKeyUse.requireAssignable(key(100, null, -1, -1, -1), 8, "other#8", NOW));
        assertEquals(403, stranger.httpStatus());
        assertEquals("Forbidden", stranger.error().rc());
        assertTrue(stranger.error().message().endsWith("belongs to owner#7 and not to other#8."));
        HordeException empty = assertThrows(HordeException.class,
                () -> SharedKeyUse.requireAssignable(key(0, null, -1, -1, -1), 7, "owner#7", NOW));
        assertEquals(400, empty.httpStatus());
        assertEquals("SharedKeyEmpty", empty.error().rc());
        HordeException expired = assertThrows(HordeException.class,
                () -> SharedKeyUse.requireAssignable(key(100, NOW.minusSeconds(1), -1, -1, -1), 7, "owner#7", NOW));
        assertEquals(400, expired.httpStatus());
        assertEquals("SharedKeyExpired", expired.error().rc());
    }

    @Test
    void aStylesKeyPaysOnlyWhileUsableAndItsOwnersElseTheRequesterPays() {
        assertTrue(SharedKeyUse.paysForStyle(key(100, null, -1, -1, -1), 7, NOW));
        assertTrue(SharedKeyUse.paysForStyle(key(-1, NOW.plusSeconds(1), -1, -1, -1), 7, NOW));
        assertFalse(SharedKeyUse.paysForStyle(key(0, null, -1, -1, -1), 7, NOW), "empty");
        assertFalse(SharedKeyUse.paysForStyle(key(100, NOW.minusSeconds(1), -1, -1, -1), 7, NOW), "expired");
        assertFalse(SharedKeyUse.paysForStyle(key(100, null, -1, -1, -1), 8, NOW), "not the style owner's");
        assertFalse(SharedKeyUse.paysForStyle(null, 7, NOW), "deleted");
    }

    @Test
    void aKeyAssignedToStylesIsNoApikeyAnyMore() {
        HordeException refused = SharedKeyUse.assignedToStyles();
        assertEquals(403, refused.httpStatus());
        assertEquals("SharedKeyAssignedStyles", refused.error().rc());
    }
}
