package org.openhorde.worker;

import java.util.List;
import java.util.Set;

/** How the AI Horde worker reads the horde's refusals: which end a job's submission, which end the worker. */
final class Refusals {

    /**
     * Submit answers after which another attempt cannot succeed: the job is gone, was delivered already (a
     * retry after a lost answer), or was taken away for slowness. The AI Horde worker matches these messages.
     */
    private static final List<String> FINAL_SUBMIT_MESSAGES = List.of(
            "does not exist", "already submitted", "Please check your worker speed");

    /** Pop refusals that no waiting can cure: the key, the owner or the worker's name are not acceptable. */
    private static final Set<String> STOPPING_POP_CODES = Set.of(
            "InvalidAPIKey", "BadRequest", "AnonForbiddenWorker", "WrongCredentials", "DeletedUser", "PolymorphicNameConflict",
            "TooLongWorkerName", "ProfaneWorkerName", "ProfaneBridgeAgent", "InvalidPriorityUsername",
            "TooManyWorkers", "TooManyWorkersTrusted", "TooManySameIPs", "WorkerInviteOnly");

    private Refusals() {
    }

    static boolean isFinalForSubmit(String message) {
        return message != null && FINAL_SUBMIT_MESSAGES.stream().anyMatch(message::contains);
    }

    static boolean isAlreadyDelivered(String message) {
        return message != null && message.contains("already submitted");
    }

    /**
     * An interrogation submit cannot succeed later once the horde says the form was delivered ({@code DuplicateGen}),
     * does not exist ({@code InvalidJobID}, e.g. expired or cancelled) or is not this worker's (403).
     */
    static boolean isFinalForInterrogationSubmit(int status, String rc, String message) {
        return "DuplicateGen".equals(rc) || "InvalidJobID".equals(rc) || status == 403 || status == 404
                || isFinalForSubmit(message);
    }

    static boolean isAlreadyDelivered(String rc, String message) {
        return "DuplicateGen".equals(rc) || isAlreadyDelivered(message);
    }

    /**
     * A 401 or a listed code stops the worker; so does a 400 without an rc, which is the AI Horde's schema
     * validation (the worker's own settings are wrong). Other refusals (maintenance, timeouts) pass with time.
     */
    static boolean stopsWorker(int status, String rc) {
        return status == 401 || STOPPING_POP_CODES.contains(rc) || (status == 400 && (rc == null || rc.isEmpty()));
    }
}
