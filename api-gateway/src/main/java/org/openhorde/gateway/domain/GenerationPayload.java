package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to an image worker's pop (the AI Horde's {@code GenerationPayloadStable}). Every key is always present,
 * {@code null} when there is nothing to do, because workers read them unconditionally.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The answer to an image worker's pop: the job(s) to run, or null fields and the skipped "
        + "counts when there is nothing to do.")
public record GenerationPayload(
        @Schema(description = "What to generate.")
        ModelPayload payload,
        @Schema(description = "The first job's id; null when there is nothing to do.")
        UUID id,
        @Schema(description = "The ids of all jobs given (one image each, generated as a batch).")
        List<UUID> ids,
        @Schema(description = "The worker's active messages from the horde's moderators.")
        List<Object> messages,
        @Schema(description = "Seconds the worker has to submit before the jobs go back to the queue.")
        Integer ttl,
        @Schema(description = "With nothing to do: how many waiting requests this worker could not take, by "
                + "reason (e.g. models, nsfw, max_pixels, kudos).")
        Map<String, Integer> skipped,
        @Schema(description = "The model to generate with.")
        String model,
        @Schema(description = "A download URL of the source image, if any.")
        String sourceImage,
        @Schema(description = "What to do with the source image.",
                enumeration = {"img2img", "inpainting", "outpainting", "remix"})
        String sourceProcessing,
        @Schema(description = "A download URL of the source mask, if any.")
        String sourceMask,
        @Schema(description = "A remix's extra source images, [{image, strength}] with the image as a download "
                + "URL; null without them.")
        List<Object> extraSourceImages,
        @Schema(description = "The URL to PUT the first job's image to (then submit generation \"R2\").")
        String r2Upload,
        @Schema(description = "The upload URLs of all jobs, in the order of ids.")
        List<String> r2Uploads) {
}
