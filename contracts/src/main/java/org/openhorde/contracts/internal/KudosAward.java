package org.openhorde.contracts.internal;

/**
 * A privileged account (or the rating service) awards kudos minted from the treasury.
 *
 * @param amount         centikudos
 * @param idempotencyKey required: the same award is never paid twice
 */
public record KudosAward(long byUserId, String target, long amount, String reason, String idempotencyKey) {
}
