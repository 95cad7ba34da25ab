package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/** {@code GET /generate/status/{id}} (the AI Horde's {@code RequestStatusStable}): the check plus the images. */
public record RequestStatusStable(List<Generation> generations, boolean shared,
                                  @JsonUnwrapped RequestStatusCheck check) {

    /** One delivered image. {@code state} is obsolete in the AI Horde and always "ok"; {@code censored} tells. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Generation(String img, String seed, UUID id, boolean censored, List<Object> genMetadata,
                             UUID workerId, String workerName, String model, String state) {
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
