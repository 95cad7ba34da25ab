package org.openhorde.contracts.internal;

/**
 * Gateway → job-service: a user changes a worker (AI Horde {@code PUT /workers/{id}}, {@code ModifyWorker}), already
 * validated for shape by the gateway. {@code null} fields stay as they are.
 *
 * @param actorUserId    who asks: the owner, or a moderator
 * @param actorModerator whether that user is a moderator (only moderators may pause or unpause)
 * @param team           the team to join (a team id), {@code ""} to leave one, {@code null} to stay
 */
public record WorkerChange(long actorUserId, boolean actorModerator, Boolean maintenance, String maintenanceMsg,
                           Boolean paused, String info, String name, String team) {

    /** A change that leaves the worker's team alone. */
    public WorkerChange(long actorUserId, boolean actorModerator, Boolean maintenance, String maintenanceMsg,
                        Boolean paused, String info, String name) {
        this(actorUserId, actorModerator, maintenance, maintenanceMsg, paused, info, name, null);
    }
}
