package org.openhorde.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.config.KeyCacheConfig;

/**
 * Pins the key cache's rules: a verification that raced a user change is not kept, the time to live counts from the
 * key's verification (a background re-read does not extend it), re-reads are claimed once per entry, and a change
 * drops only its user (and that user's shared keys).
 */
class VerifiedKeysTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private VerifiedKeys keys;

    @BeforeEach
    void listening() {
        keys = new VerifiedKeys(config(true), now::get);
        keys.listening(true);
    }

    @Test
    void aVerifiedKeyIsServedUntilItsUserChanges() {
        keys.verified("a", user(7, false), keys.generation());
        keys.verified("b", user(8, false), keys.generation());
        assertEquals(7, keys.lookup("a").account().id());

        keys.forget(7);

        assertNull(keys.lookup("a"));
        assertNotNull(keys.lookup("b"), "another user's key stays");
    }

    @Test
    void aVerificationThatRacedAChangeIsNotKept() {
        long before = keys.generation();
        keys.forget(7); // the change lands while kudos-service's answer (the old state) is on its way
        keys.verified("a", user(7, false), before);
        assertNull(keys.lookup("a"));
    }

    @Test
    void theTimeToLiveCountsFromTheKeysVerificationNotFromReReads() {
        keys.verified("a", user(7, false), keys.generation());
        VerifiedKeys.Entry entry = keys.lookup("a");
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertTrue(keys.claimRefresh("a", entry));
        assertFalse(keys.claimRefresh("a", entry), "one re-read at a time");
        keys.refreshed("a", entry, user(7, true), keys.generation());
        assertTrue(keys.lookup("a").account().trusted());

        now.addAndGet(Duration.ofSeconds(58).toNanos());
        assertNull(keys.lookup("a"), "61 s after the key was verified it must be verified again");
    }

    @Test
    void aReReadThatRacedAChangeIsNotKept() {
        keys.verified("a", user(7, false), keys.generation());
        VerifiedKeys.Entry entry = keys.lookup("a");
        long before = keys.generation();
        keys.forget(9); // some user changed during the re-read: it may have read a state older than the event
        keys.refreshed("a", entry, user(7, false), before);
        assertNull(keys.lookup("a"));
    }

    @Test
    void theBalanceIsReReadOnlyWhenOlderThanAllowed() {
        keys.verified("a", user(7, false), keys.generation());
        VerifiedKeys.Entry entry = keys.lookup("a");
        assertFalse(keys.claimRefresh("a", entry));
        now.addAndGet(Duration.ofMillis(2001).toNanos());
        assertTrue(keys.claimRefresh("a", entry));
    }

    @Test
    void nothingIsServedWhileTheListenerIsNotFollowingOrTheCacheIsOff() {
        keys.verified("a", user(7, false), keys.generation());
        keys.listening(false);
        assertNull(keys.lookup("a"));
        keys.listening(true);
        assertNull(keys.lookup("a"), "what was cached before the gap is gone");

        VerifiedKeys off = new VerifiedKeys(config(false), now::get);
        off.listening(true);
        off.verified("a", user(7, false), off.generation());
        assertNull(off.lookup("a"));
    }

    @Test
    void aSharedKeyIsServedUntilItsOwnerChangesOrItIsOlderThanABalanceMayBe() {
        SharedKeyGrant grant = sharedKey(7);
        SharedKeyGrant other = sharedKey(8);
        keys.sharedKeyRead(grant, keys.generation());
        keys.sharedKeyRead(other, keys.generation());
        assertEquals(grant, keys.sharedKey(grant.key().id()));

        keys.forget(7); // the owner's UserChanged: the key was changed, deleted or ran out
        assertNull(keys.sharedKey(grant.key().id()));
        assertEquals(other, keys.sharedKey(other.key().id()), "another owner's key stays");

        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertNull(keys.sharedKey(other.key().id()), "its budget is read again after balance-max-age");
    }

    @Test
    void aSharedKeyReadThatRacedAChangeIsNotKept() {
        long before = keys.generation();
        keys.forget(7);
        SharedKeyGrant grant = sharedKey(7);
        keys.sharedKeyRead(grant, before);
        assertNull(keys.sharedKey(grant.key().id()));
        assertEquals(0, keys.sharedKeyCount());
    }

    private static SharedKeyGrant sharedKey(long ownerId) {
        return new SharedKeyGrant(new SharedKeyDetails(UUID.randomUUID(), ownerId, "u" + ownerId + "#" + ownerId,
                "app", 10_000, null, 0, -1, -1, -1), user(ownerId, false));
    }

    @Test
    void theFingerprintIsTheKeysSha256NotTheKey() {
        String fingerprint = VerifiedKeys.fingerprint("0000000000");
        assertEquals(64, fingerprint.length());
        assertNotEquals("0000000000", fingerprint);
        assertEquals(fingerprint, VerifiedKeys.fingerprint("0000000000"));
    }

    private static UserAccount user(long id, boolean trusted) {
        return new UserAccount(id, "u" + id, false, true, trusted, false, false, 100, 5, Map.of(), null,
                Instant.EPOCH);
    }

    private static KeyCacheConfig config(boolean enabled) {
        return new KeyCacheConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public long maximumSize() {
                return 1000;
            }

            @Override
            public Duration timeToLive() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration balanceMaxAge() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
