package org.openhorde.jobs.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerRemoval;
import org.openhorde.kit.rest.InputLimits;

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
        checkLengths(change);
        if (change.paused() != null && !change.actorModerator()) {
            throw new HordeException(Rc.NotModerator, "Only a moderator can pause or unpause a worker.");
        }
        if (!change.actorModerator() && change.actorUserId() != ownerUserId) {
            throw new HordeException(Rc.NotOwner, "You are not the owner of this worker.");
        }
    }

    /** The AI Horde's worker name limit, then bounds on the free texts, before any SQL sees them. */
    static void checkLengths(WorkerChange change) {
        if (change.name() != null && change.name().length() > InputLimits.WORKER_NAME) {
            throw new HordeException(Rc.TooLongWorkerName,
                    "Worker name is too long. Please use at most " + InputLimits.WORKER_NAME + " characters.");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        InputLimits.atMost(errors, "info", change.info(), InputLimits.TOKEN);
        InputLimits.atMost(errors, "maintenance_msg", change.maintenanceMsg(), InputLimits.TOKEN);
        if (!errors.isEmpty()) {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(errors));
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
