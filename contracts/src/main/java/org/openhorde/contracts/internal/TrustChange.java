package org.openhorde.contracts.internal;

/**
 * An operator (or moderator) marks a user trusted or not. Becoming trusted releases everything the user has in
 * escrow to their balance.
 *
 * @param byUserId the operator, for the audit trail
 */
public record TrustChange(Boolean trusted, long byUserId) {
}
