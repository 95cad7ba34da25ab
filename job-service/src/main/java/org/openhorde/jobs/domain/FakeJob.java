package org.openhorde.jobs.domain;

import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * A decoy handed to a paused worker in place of another user's image (as the AI Horde does): it looks like a job,
 * but what the worker submits for it is discarded, earns nothing and reaches nobody.
 *
 * @param ownerUserId the owner of the worker it was handed to
 * @param submitted   whether the worker has submitted it already
 */
public record FakeJob(UUID id, UUID requestId, long ownerUserId, boolean submitted) {

    /** The answers of a real job (see {@link Job#checkSubmittableBy}), so that nothing tells a decoy apart. */
    public void checkSubmittableBy(long submitterUserId) {
        if (submitterUserId != ownerUserId) {
            throw new HordeException(Rc.WrongCredentials, "Wrong credentials to submit as this worker.");
        }
        if (submitted) {
            throw new HordeException(Rc.DuplicateGen, "Processing Generation with ID " + id + " already submitted.");
        }
    }
}
