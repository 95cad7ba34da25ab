package org.openhorde.jobs.domain;

import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.WorkerRef;

/**
 * One image of a request.
 *
 * @param worker the worker holding or having delivered it; {@code null} while it waits
 * @param model  the model it was claimed for
 * @param seed   the seed handed out at claim time, replaced by the worker's on delivery
 */
public record Job(UUID id, UUID requestId, JobState state, WorkerRef worker, String model, String seed) {

    /**
     * Throws the AI Horde's answer when this owner may not submit this job now: only the owner of the worker that
     * holds it may, and only once.
     */
    public void checkSubmittableBy(long ownerUserId) {
        if (worker == null || worker.ownerUserId() != ownerUserId) {
            throw new HordeException(Rc.WrongCredentials, "Wrong credentials to submit as this worker.");
        }
        if (state.delivered()) {
            throw new HordeException(Rc.DuplicateGen, "Processing Generation with ID " + id + " already submitted.");
        }
    }
}
