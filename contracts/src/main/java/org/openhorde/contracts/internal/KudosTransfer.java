package org.openhorde.contracts.internal;

/**
 * Gateway → kudos-service: a user gives kudos to another.
 *
 * @param target         the AI Horde form {@code alias#id} (only the id after the last {@code #} counts)
 * @param amount         centikudos, whole kudos on the public wire
 * @param idempotencyKey optional client key: a replay returns the first result, a different reuse is refused
 */
public record KudosTransfer(long fromUserId, String target, long amount, String idempotencyKey) {
}
