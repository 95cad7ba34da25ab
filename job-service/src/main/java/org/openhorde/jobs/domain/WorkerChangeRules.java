package org.openhorde.jobs.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerRemoval;
import org.openhorde.kit.profanity.ProfaneText;
import org.openhorde.kit.rest.InputLimits;

/**
 * Who may change or delete a worker (AI Horde {@code PUT}/{@code DELETE /workers/{id}}): its owner or a moderator;
 * only a moderator may pause or unpause it. A stranger's team change is {@code NotModerator}, as a rename.
 */
public final class WorkerChangeRules {

    /** The AI Horde's message when an owner puts a worker into maintenance without one. */
    public static final String DEFAULT_MAINTENANCE_MESSAGE =
            "This worker has been put into maintenance mode by its owner";

    private WorkerChangeRules() {
    }

    /** The AI Horde's message for its {@code NotModerator}, whichever moderator-only action was refused. */
    public static final String NOT_MODERATOR_MESSAGE = "You're not a mod. BTFO!";

    /**
     * Refuses a change its actor may not make, field by field in the AI Horde's order (maintenance, info, paused,
     * name), so a change touching several fields is refused with the same rc as there: a stranger's maintenance or
     * info is {@code NotOwner}, while pausing (anybody but a moderator) and renaming (a stranger) are
     * {@code NotModerator}.
     */
    public static void authorize(WorkerChange change, long ownerUserId) {
        checkLengths(change);
        boolean ownerOrModerator = change.actorModerator() || change.actorUserId() == ownerUserId;
        if ((change.maintenance() != null || change.info() != null) && !ownerOrModerator) {
            throw new HordeException(Rc.NotOwner, "You are not the owner of this worker.");
        }
        if (change.paused() != null && !change.actorModerator()) {
            throw new HordeException(Rc.NotModerator, NOT_MODERATOR_MESSAGE);
        }
        if (!ownerOrModerator) {
            throw new HordeException(Rc.NotModerator, NOT_MODERATOR_MESSAGE);
        }
        if (ProfaneText.isProfane(change.info())) {
            throw profanity("worker info", Rc.ProfaneWorkerInfo);
        }
        if (ProfaneText.isProfane(change.name())) {
            throw profanity("worker name", Rc.ProfaneWorkerName);
        }
    }

    /** A new worker's name, then its bridge agent, in the AI Horde's order and codes. */
    public static void refuseProfaneRegistration(String name, String bridgeAgent) {
        if (ProfaneText.isProfane(name)) {
            throw profanity("worker name", Rc.ProfaneWorkerName);
        }
        if (ProfaneText.isProfane(bridgeAgent)) {
            throw profanity("bridge agent", Rc.ProfaneBridgeAgent);
        }
    }

    /** The AI Horde's wording for every profanity refusal. */
    private static HordeException profanity(String what, Rc rc) {
        return new HordeException(rc, "As our API is public, we do not allow profanity in the " + what
                + ", please try again.");
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
            // The AI Horde answers a stranger's deletion with NotModerator (not NotOwner, as for a change).
            throw new HordeException(Rc.NotModerator, NOT_MODERATOR_MESSAGE);
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
