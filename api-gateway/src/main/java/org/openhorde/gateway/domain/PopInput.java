package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of an image worker's {@code POST /generate/pop} (the AI Horde's {@code PopInputStable}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An image worker asking for jobs: who it is and what it can do.")
public record PopInput(
        @Schema(description = "The worker's name: required, 1 to 100 characters after trimming.", minLength = 1,
                maxLength = 100)
        String name,
        @Schema(description = "Aliases (name#id) of users whose requests this worker serves first.",
                examples = "[\"db0#1\"]")
        List<String> priorityUsernames,
        @Schema(description = "Whether this worker takes NSFW requests.", defaultValue = "true")
        Boolean nsfw,
        @Schema(description = "The models this worker can run: at least one, each 3 to 255 characters. Required.",
                minItems = 1)
        List<String> models,
        @Schema(description = "The worker software, as name:version:url; 1 to 1000 characters.", minLength = 1,
                maxLength = 1000, defaultValue = "unknown:0:unknown", examples = "AI Horde Worker reGen:9.0.2:"
                + "https://github.com/Haidra-Org/horde-worker-reGen")
        String bridgeAgent,
        @Schema(description = "How many jobs this worker runs at once.", minimum = "1", maximum = "50",
                defaultValue = "1")
        Integer threads,
        @Schema(description = "When true, this worker only takes requests whose requester paid kudos upfront.",
                defaultValue = "false")
        Boolean requireUpfrontKudos,
        @Schema(description = "How many jobs to take in this pop.", minimum = "1", maximum = "20",
                defaultValue = "1")
        Integer amount,
        @Schema(description = "The most pixels (width x height) this worker can generate in one image.",
                minimum = "1", defaultValue = "262144")
        Long maxPixels,
        @Schema(description = "Words this worker refuses: requests whose prompt contains one are not given it.")
        List<String> blacklist,
        @Schema(description = "Whether this worker takes img2img requests.", defaultValue = "true")
        Boolean allowImg2img,
        @Schema(description = "Whether this worker takes inpainting and outpainting requests.",
                defaultValue = "true")
        Boolean allowPainting,
        @Schema(description = "Whether this worker takes img2img requests from IP addresses deemed unsafe (AI "
                + "Horde); this horde records it with the worker but does not match on it yet.",
                defaultValue = "true")
        Boolean allowUnsafeIpaddr,
        @Schema(description = "Whether this worker takes requests with post_processing.", defaultValue = "true")
        Boolean allowPostProcessing,
        @Schema(description = "Whether this worker takes ControlNet requests.", defaultValue = "false")
        Boolean allowControlnet,
        @Schema(description = "Whether this worker takes ControlNet requests on SDXL models.",
                defaultValue = "false")
        Boolean allowSdxlControlnet,
        @Schema(description = "Whether this worker takes requests with LoRAs.", defaultValue = "false")
        Boolean allowLora,
        @Schema(description = "When true, this worker is extra slow and only takes requests that allow "
                + "extra_slow_workers.", defaultValue = "false")
        Boolean extraSlowWorker,
        @Schema(description = "When true, this worker is not given requests with more steps than the mean of "
                + "the model's minimum and maximum steps in the model reference (20 and 40 when it names none).",
                defaultValue = "false")
        Boolean limitMaxSteps) {
}
