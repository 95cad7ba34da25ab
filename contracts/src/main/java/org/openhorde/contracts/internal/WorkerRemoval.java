package org.openhorde.contracts.internal;

/** Gateway → job-service: a user deletes a worker (its owner, or a moderator). */
public record WorkerRemoval(long actorUserId, boolean actorModerator) {
}
