package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/** {@code GET /generate/status/{id}} (the AI Horde's {@code RequestStatusStable}): the check plus the images. */
@Schema(description = "The status of an image request: its progress and the finished images.")
public record RequestStatusStable(
        @Schema(description = "The finished images.")
        List<Generation> generations,
        @Schema(description = "Whether the images are shared with LAION.")
        boolean shared,
        @Schema(description = "The request's progress (its fields appear at this level).")
        @JsonUnwrapped
        RequestStatusCheck check) {

    /** One delivered image. {@code state} is obsolete in the AI Horde and always "ok"; {@code censored} tells. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "One finished image.")
    public record Generation(
            @Schema(description = "The image: a download URL (r2) or base64.")
            String img,
            @Schema(description = "The seed it was generated with.")
            String seed,
            @Schema(description = "The job's id.")
            UUID id,
            @Schema(description = "Whether the worker censored the image.")
            boolean censored,
            @Schema(description = "Notes on the generation (always empty here).")
            List<Object> genMetadata,
            @Schema(description = "The worker that generated it.")
            UUID workerId,
            @Schema(description = "The name of that worker.")
            String workerName,
            @Schema(description = "The model it was generated with.")
            String model,
            @Schema(description = "Obsolete: always ok; see censored.", enumeration = {"ok"})
            String state) {
    }

    /** @param images URLs or base64 of {@link RequestProgress#finishedJobs()}, in that order */
    static RequestStatusStable of(RequestProgress progress, List<String> images, RequestEstimate estimate) {
        List<JobProgress> finished = progress.finishedJobs();
        List<Generation> generations = new ArrayList<>();
        for (int i = 0; i < finished.size(); i++) {
            JobProgress job = finished.get(i);
            DeliveredImage image = job.image() == null ? new DeliveredImage(null, null, null, null) : job.image();
            generations.add(new Generation(images.get(i), image.seed(), job.jobId(),
                    job.state() == JobState.CENSORED, List.of(), image.workerId(), image.workerName(), image.model(),
                    "ok"));
        }
        return new RequestStatusStable(List.copyOf(generations), progress.shared(), RequestStatusCheck.of(progress, estimate));
    }
}
