package org.openhorde.kudos.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The AI Horde's protection against farming kudos with throw-away accounts (§6.4): while a worker's owner is not
 * trusted, a share of each generation reward (and all of each uptime reward) is held in the owner's escrow. The owner
 * becomes trusted automatically once the escrow exceeds a threshold and the account is old enough, or when an
 * operator says so; then the escrow is released to the balance.
 */
public final class EscrowPolicy {

    private EscrowPolicy() {
    }

    /** The part of {@code reward} held for an untrusted owner: {@code percent}% rounded down to whole centikudos. */
    public static long held(long reward, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("escrow percent must be 0..100, was " + percent);
        }
        return Math.multiplyExact(reward, percent) / 100;
    }

    /** Whether an untrusted owner with {@code escrowed} centikudos held becomes trusted now. */
    public static boolean earnsTrust(long escrowed, long threshold, Instant accountCreated, Duration minAge,
                                     Instant now) {
        return escrowed > threshold && !accountCreated.plus(minAge).isAfter(now);
    }

    /** The postings that move everything held for a user to their balance (recorded as earnings, accumulated). */
    public static List<Posting> release(long userId, long escrowed) {
        if (escrowed <= 0) {
            return List.of();
        }
        return List.of(new Posting(AccountIds.escrow(userId), -escrowed, KudosCategory.ESCROW),
                new Posting(AccountIds.user(userId), escrowed, KudosCategory.ACCUMULATED));
    }
}
