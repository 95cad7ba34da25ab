package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.Map;

/**
 * A user as kudos-service knows it.
 *
 * @param kudos        balance in centikudos
 * @param kudosDetails per-category totals in centikudos (accumulated, gifted, received, admin, awarded, ...)
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
        Instant createdAt) {

    /** The AI Horde's unique alias, {@code username#id}. */
    public String alias() {
        return username + "#" + id;
    }
}
