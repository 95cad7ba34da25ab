package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a text worker's {@code POST /generate/text/pop} (the AI Horde's {@code PopInputKobold}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A text worker asking for jobs: who it is and what it can do.")
public record TextPopInput(
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
        @Schema(description = "Words this worker refuses: requests whose prompt contains one are not given it.")
        List<String> blacklist,
        @Schema(description = "The most tokens this worker generates per job.", minimum = "1",
                maximum = "1048576", defaultValue = "512")
        Integer maxLength,
        @Schema(description = "The largest context, in tokens, this worker's models take.", minimum = "1",
                maximum = "1048576", defaultValue = "2048")
        Integer maxContextLength,
        @Schema(description = "The soft prompts this worker can load: at most 200, each at most 100 characters.",
                maxItems = 200)
        List<String> softprompts,
        @Schema(description = "When true, this worker is extra slow and only takes requests that allow "
                + "extra slow workers.", defaultValue = "false")
        Boolean extraSlowWorker) {
}
