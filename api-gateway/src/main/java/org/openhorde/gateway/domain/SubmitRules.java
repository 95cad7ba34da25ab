package org.openhorde.gateway.domain;

import static org.openhorde.gateway.domain.PayloadErrors.flag;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.InlineGeneration;
import org.openhorde.contracts.internal.JobSubmission;

/** Validates a worker's submission of one job. */
public final class SubmitRules {

    private static final Set<String> STATES = Set.of("ok", "censored", "faulted", "csam");
    /** The generation value of a worker that already uploaded to its presigned {@code r2_upload} URL. */
    private static final String UPLOADED = "R2";
    private static final Set<String> DELIVERED_STATES = Set.of("ok", "censored");

    private SubmitRules() {
    }

    public static JobSubmission toSubmission(SubmitInput input, long ownerUserId) {
        PayloadErrors errors = new PayloadErrors();
        if (input == null || input.id() == null) {
            errors.required("id");
        }
        String seed = input == null ? null : input.seed();
        if (seed == null) {
            errors.required("seed");
        } else if (!seed.strip().matches("-?\\d{1,20}")) {
            errors.add("seed", "'" + seed + "' is not of type 'integer'");
        }
        String state = errors.oneOf("state", input == null ? null : input.state(), STATES, "ok");
        errors.throwIfAny();
        UUID jobId = Uuids.parse(input.id()).orElseThrow(() -> new HordeException(Rc.InvalidJobID,
                "Processing Job with ID " + input.id() + " does not exist."));
        return new JobSubmission(ownerUserId, jobId, state, seed.strip(), flag(input.censored(), false));
    }

    /**
     * The image sent inline as base64, when the worker did not upload it to its presigned URL. Only delivered
     * images are kept: a faulted job has none, and a CSAM-flagged image must never be stored.
     */
    public static Optional<InlineGeneration> inlineGeneration(SubmitInput input, String state) {
        String generation = input.generation();
        if (!DELIVERED_STATES.contains(state) || generation == null || generation.isBlank()
                || UPLOADED.equals(generation)) {
            return Optional.empty();
        }
        return Optional.of(new InlineGeneration(generation));
    }
}
