package org.openhorde.jobs.domain;

import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerRemoval;

/**
 * Who may change or delete a worker (AI Horde {@code PUT}/{@code DELETE /workers/{id}}): its owner or a moderator;
 * only a moderator may pause or unpause it.
 */
public final class WorkerChangeRules {

    /** The AI Horde's message when an owner puts a worker into maintenance without one. */
    public static final String DEFAULT_MAINTENANCE_MESSAGE =
            "This worker has been put into maintenance mode by its owner";

    private WorkerChangeRules() {
    }

    public static void authorize(WorkerChange change, long ownerUserId) {
        if (change.paused() != null && !change.actorModerator()) {
            throw new HordeException(Rc.NotModerator, "Only a moderator can pause or unpause a worker.");
        }
        if (!change.actorModerator() && change.actorUserId() != ownerUserId) {
            throw new HordeException(Rc.NotOwner, "You are not the owner of this worker.");
        }
    }

    public static void authorizeRemoval(WorkerRemoval removal, long ownerUserId) {
        if (!removal.actorModerator() && removal.actorUserId() != ownerUserId) {
            throw new HordeException(Rc.NotOwner, "You are not the owner of this worker.");
        }
    }

    /** The message a worker in maintenance answers its pops with; cleared when maintenance ends. */
    public static String maintenanceMessage(WorkerChange change) {
        if (change.maintenance() == null || !change.maintenance()) {
            return null;
        }
        String message = change.maintenanceMsg();
        return message == null || message.isBlank() ? DEFAULT_MAINTENANCE_MESSAGE : message;
    }
}
