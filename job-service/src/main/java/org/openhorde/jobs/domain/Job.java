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
public record Job(UUID id, UUID requestId, JobState state, WorkerRef worker, String model, String seed,
                  Long lastOwnerUserId) {

    /**
     * Throws the AI Horde's answer when this owner may not submit this job now: only the owner of the worker that
     * holds it may, and only once.
     */
    public void checkSubmittableBy(long ownerUserId) {
        if (state == JobState.EXPIRED || state == JobState.CANCELLED && worker == null) {
            // The AI Horde has deleted such a request by now.
            throw new HordeException(Rc.InvalidJobID, "Processing Job with ID " + id + " does not exist.");
        }
        boolean heldByOwner = worker != null && worker.ownerUserId() == ownerUserId;
        boolean givenBackByOwner = lastOwnerUserId != null && lastOwnerUserId == ownerUserId;
        if (state == JobState.FAULTED && (heldByOwner || givenBackByOwner)
                || state == JobState.WAITING && givenBackByOwner
                || state == JobState.CLAIMED && !heldByOwner && givenBackByOwner) {
            throw new HordeException(Rc.AbortedGen, "Processing Generation with ID " + id
                    + " took too long to process and has been aborted! Please check your worker speed.");
        }
        if (!heldByOwner) {
            throw new HordeException(Rc.WrongCredentials, "Wrong credentials to submit as this worker.");
        }
        if (state.delivered()) {
            throw new HordeException(Rc.DuplicateGen, "Processing Generation with ID " + id + " already submitted.");
        }
    }
}
