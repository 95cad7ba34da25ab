package org.openhorde.contracts.internal;

/**
 * An operator creates a user with starting kudos.
 *
 * @param kudos         starting balance in centikudos, minted from the treasury (category {@code admin})
 * @param createdByUserId the operator, for the audit trail
 */
public record UserCreation(String username, long kudos, boolean trusted, boolean moderator, long createdByUserId) {
}
