package org.openhorde.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.config.KeyCacheConfig;

/**
 * API keys kudos-service verified lately, with their user, so that a call needs no authentication round trip.
 * Entries are keyed by the SHA-256 of the key: the raw key is never kept beyond the call that carried it.
 *
 * <p>Correctness comes from events, not from the time to live: every {@code UserChanged} drops the user's entries
 * ({@link #forget}), and bumps a generation counter so that a verification that was in flight while the change
 * happened is not stored (it may have read the state before the change). The cache serves only while the
 * user-change listener follows its topic ({@link #listening}); before that, or after it failed, every call is
 * verified as if there were no cache.
 *
 * <p>Shared keys are held apart, by key id, with their owner's account: their budget changes with every job they
 * pay for, so an entry serves only while younger than {@code balance-max-age} (then it is read again, on the
 * caller's path); a change, deletion or exhaustion of the key announces a {@code UserChanged} of its owner, which
 * drops it at once (decision 0042).
 */
@ApplicationScoped
public class VerifiedKeys {

    /** One verified key: the account as last read, when the key itself was verified, when the account was read. */
    public record Entry(UserAccount account, long keyVerifiedAt, long accountReadAt) {
    }

    private final KeyCacheConfig config;
    private final LongSupplier clock;
    private final Cache<String, Entry> entries;
    private final Cache<UUID, SharedEntry> sharedKeys;
    private final AtomicLong generation = new AtomicLong();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private volatile boolean listening;

    @Inject
    VerifiedKeys(KeyCacheConfig config) {
        this(config, System::nanoTime);
    }

    VerifiedKeys(KeyCacheConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.clock = nanoClock;
        this.entries = Caffeine.newBuilder().maximumSize(config.maximumSize()).build();
        this.sharedKeys = Caffeine.newBuilder().maximumSize(config.maximumSize()).build();
    }

    /** One shared key as kudos-service last described it, with when it was read. */
    public record SharedEntry(SharedKeyGrant grant, long readAt) {
    }

    /** The cached shared key, or null when there is none or it is older than a balance may be. */
    public SharedKeyGrant sharedKey(UUID id) {
        if (!serving()) {
            return null;
        }
        SharedEntry entry = sharedKeys.getIfPresent(id);
        if (entry == null) {
            return null;
        }
        if (clock.getAsLong() - entry.readAt() > config.balanceMaxAge().toNanos()) {
            sharedKeys.asMap().remove(id, entry);
            return null;
        }
        return entry.grant();
    }

    /** kudos-service described the shared key; kept unless a user changed since {@code generationBefore}. */
    public void sharedKeyRead(SharedKeyGrant grant, long generationBefore) {
        if (!serving()) {
            return;
        }
        SharedEntry entry = new SharedEntry(grant, clock.getAsLong());
        sharedKeys.put(grant.key().id(), entry);
        if (generation.get() != generationBefore) {
            sharedKeys.asMap().remove(grant.key().id(), entry);
        }
    }

    /** How many shared keys are held (for tests). */
    public long sharedKeyCount() {
        sharedKeys.cleanUp();
        return sharedKeys.estimatedSize();
    }

    /** The key's fingerprint: what the cache is keyed by. */
    public static String fingerprint(String apikey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apikey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether calls may be answered from the cache now. */
    public boolean serving() {
        return config.enabled() && listening;
    }

    /** The user-change listener follows its topic from now on (true), or stopped following it (false). */
    public void listening(boolean following) {
        if (!following) {
            generation.incrementAndGet();
            entries.invalidateAll();
            sharedKeys.invalidateAll();
        }
        listening = following;
    }

    /** The cached entry, or null when there is none or its key is due for verification again. */
    public Entry lookup(String fingerprint) {
        if (!serving()) {
            return null;
        }
        Entry entry = entries.getIfPresent(fingerprint);
        if (entry == null) {
            return null;
        }
        if (clock.getAsLong() - entry.keyVerifiedAt() > config.timeToLive().toNanos()) {
            entries.asMap().remove(fingerprint, entry);
            return null;
        }
        return entry;
    }

    /** Stamp to take before asking kudos-service, and to hand to {@link #verified} or {@link #refreshed}. */
    public long generation() {
        return generation.get();
    }

    /** kudos-service verified the key; kept unless a user changed since {@code generationBefore}. */
    public void verified(String fingerprint, UserAccount account, long generationBefore) {
        if (!serving()) {
            return;
        }
        long now = clock.getAsLong();
        Entry entry = new Entry(account, now, now);
        entries.put(fingerprint, entry);
        dropIfChangedSince(fingerprint, entry, generationBefore);
    }

    /**
     * Whether the entry's account is older than the balance may be and nobody is re-reading it yet; true claims the
     * re-read for the caller, who must end it with {@link #refreshed} or {@link #refreshFailed}.
     */
    public boolean claimRefresh(String fingerprint, Entry entry) {
        return clock.getAsLong() - entry.accountReadAt() > config.balanceMaxAge().toNanos()
                && refreshing.add(fingerprint);
    }

    /** The account re-read by id replaces the entry, keeping when the key itself was verified. */
    public void refreshed(String fingerprint, Entry before, UserAccount account, long generationBefore) {
        refreshing.remove(fingerprint);
        Entry after = new Entry(account, before.keyVerifiedAt(), clock.getAsLong());
        if (entries.asMap().replace(fingerprint, before, after)) {
            dropIfChangedSince(fingerprint, after, generationBefore);
        }
    }

    /** The re-read failed: the entry stays as it was (the time to live still bounds it); a user gone drops it. */
    public void refreshFailed(String fingerprint, Entry before, boolean userGone) {
        refreshing.remove(fingerprint);
        if (userGone) {
            entries.asMap().remove(fingerprint, before);
        }
    }

    /** A {@code UserChanged} event: everything cached about the user goes. */
    public void forget(long userId) {
        // The counter first: a verification that read the old state and stores after this point sees the new
        // generation and drops what it stored; one that stored before is removed just below.
        generation.incrementAndGet();
        entries.asMap().values().removeIf(entry -> entry.account().id() == userId);
        sharedKeys.asMap().values().removeIf(entry -> entry.grant().owner().id() == userId);
    }

    /** How many keys are held (for metrics and tests). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private void dropIfChangedSince(String fingerprint, Entry stored, long generationBefore) {
        if (generation.get() != generationBefore) {
            entries.asMap().remove(fingerprint, stored);
        }
    }
}
