package org.openhorde.contracts.internal;

import java.util.UUID;

/**
 * Gateway → job-service: a user sends a worker message ({@code POST /workers/messages}), its shape already validated.
 * A moderator may address any worker or, without {@code workerId}, every worker, and sign as they like; anybody
 * else only their own workers, signed with their user id.
 *
 * @param expiryHours 1 to 720 hours from now
 */
public record WorkerMessagePost(long actorUserId, boolean actorModerator, UUID workerId, String message,
                                String origin, int expiryHours) {
}
