package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.Map;

/**
 * A user as kudos-service knows it.
 *
 * @param kudos        balance in centikudos
 * @param kudosDetails per-category totals in centikudos (accumulated, gifted, received, admin, awarded, ...)
 * @param evaluatingKudos centikudos earned but held in escrow until the user is trusted (AI Horde
 *                        {@code evaluating_kudos}, shown to moderators only)
 */
public record UserAccount(
        long id,
        String username,
        boolean anonymous,
        boolean pseudonymous,
        boolean trusted,
        boolean moderator,
        boolean admin,
        long kudos,
        int concurrency,
        Map<String, Long> kudosDetails,
        UserRecords records,
        Instant createdAt,
        long evaluatingKudos) {

    /** A user with nothing in escrow (the shape before escrow existed; callers that do not care about it). */
    public UserAccount(long id, String username, boolean anonymous, boolean pseudonymous, boolean trusted,
                       boolean moderator, boolean admin, long kudos, int concurrency, Map<String, Long> kudosDetails,
                       UserRecords records, Instant createdAt) {
        this(id, username, anonymous, pseudonymous, trusted, moderator, admin, kudos, concurrency, kudosDetails,
                records, createdAt, 0);
    }

    /** The AI Horde's unique alias, {@code username#id}. */
    public String alias() {
        return username + "#" + id;
    }
}
