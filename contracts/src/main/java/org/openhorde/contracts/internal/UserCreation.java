package org.openhorde.contracts.internal;

/**
 * An operator creates a user with starting kudos.
 *
 * @param kudos         starting balance in centikudos, minted from the treasury (category {@code admin})
 * @param createdByUserId the operator, for the audit trail
 * @param concurrency   how many unfinished images the user may have at once; null for the horde's default (the AI
 *                      Horde's admins set it per user too)
 */
public record UserCreation(String username, long kudos, boolean trusted, boolean moderator, long createdByUserId,
                           Integer concurrency) {

    /** A user with the horde's default concurrency. */
    public UserCreation(String username, long kudos, boolean trusted, boolean moderator, long createdByUserId) {
        this(username, kudos, trusted, moderator, createdByUserId, null);
    }
}
