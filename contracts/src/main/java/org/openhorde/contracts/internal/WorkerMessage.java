package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A message to a worker's owner (the AI Horde's {@code WorkerMessage}), shown to the worker in its pops until it
 * expires.
 *
 * @param workerId the worker it is for; {@code null} for a moderators' message to every worker
 * @param userId   the user it belongs to: the addressed worker's owner, or the sender of a message to every worker
 * @param origin   who it is from: the moderators' signature, or the sending owner's user id
 */
public record WorkerMessage(UUID id, UUID workerId, long userId, String message, String origin, Instant expiry,
                            Instant createdAt) {
}
