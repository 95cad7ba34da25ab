package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * {@code GET /generate/text/status/{id}} (the AI Horde's {@code RequestStatusKobold}): the check plus the delivered
 * texts, straight from the read model.
 */
public record RequestStatusKobold(List<Generation> generations, @JsonUnwrapped RequestStatusCheck check) {

    /** One delivered text; {@code state} is {@code ok} or {@code censored}. The seed is an integer on the wire. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Generation(String text, Object seed, UUID workerId, String workerName, String model, UUID id,
                             String state, List<Object> genMetadata) {
    }

    static RequestStatusKobold of(RequestProgress progress, RequestEstimate estimate) {
        List<Generation> generations = progress.finishedJobs().stream().map(RequestStatusKobold::generation)
                .toList();
        return new RequestStatusKobold(generations, RequestStatusCheck.of(progress, estimate));
    }

    private static Generation generation(JobProgress job) {
        DeliveredImage text = job.image() == null ? new DeliveredImage(null, null, null, null) : job.image();
        return new Generation(text.text() == null ? "" : text.text(), wireSeed(text.seed()), text.workerId(),
                text.workerName(), text.model(), job.jobId(),
                job.state() == JobState.CENSORED ? "censored" : "ok", List.of());
    }

    private static Object wireSeed(String seed) {
        if (seed == null) {
            return 0;
        }
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException notANumber) {
            return seed;
        }
    }
}
