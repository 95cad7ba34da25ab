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
 * @param standing     the moderators' flags (flagged, customizer, vpn, ...); never null
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
        long evaluatingKudos,
        UserStanding standing) {

    public UserAccount {
        if (standing == null) {
            standing = UserStanding.ORDINARY;
        }
    }

    /** An ordinary user (no moderator flags), the shape before moderation existed. */
    public UserAccount(long id, String username, boolean anonymous, boolean pseudonymous, boolean trusted,
                       boolean moderator, boolean admin, long kudos, int concurrency, Map<String, Long> kudosDetails,
                       UserRecords records, Instant createdAt, long evaluatingKudos) {
        this(id, username, anonymous, pseudonymous, trusted, moderator, admin, kudos, concurrency, kudosDetails,
                records, createdAt, evaluatingKudos, UserStanding.ORDINARY);
    }

    /** A user with nothing in escrow (the shape before escrow existed; callers that do not care about it). */
    public UserAccount(long id, String username, boolean anonymous, boolean pseudonymous, boolean trusted,
                       boolean moderator, boolean admin, long kudos, int concurrency, Map<String, Long> kudosDetails,
                       UserRecords records, Instant createdAt) {
        this(id, username, anonymous, pseudonymous, trusted, moderator, admin, kudos, concurrency, kudosDetails,
                records, createdAt, 0);
    }

    public boolean flagged() {
        return standing.flagged();
    }

    public boolean deleted() {
        return standing.deleted();
    }

    /** The AI Horde's unique alias, {@code username#id}. */
    public String alias() {
        return username + "#" + id;
    }
}
