package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /interrogate/pop} (the AI Horde's {@code InterrogationPopInput}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An interrogation worker asking for forms: who it is and what it can do.")
public record InterrogationPopInput(
        @Schema(description = "The worker's name: required, 1 to 100 characters after trimming.", minLength = 1,
                maxLength = 100)
        String name,
        @Schema(description = "Aliases (name#id) of users whose requests this worker serves first.")
        List<String> priorityUsernames,
        @Schema(description = "The forms this worker can run (names as in an interrogation request); omitted or "
                + "empty means [\"caption\"].")
        List<String> forms,
        @Schema(description = "How many forms to take in this pop.", minimum = "1", maximum = "20",
                defaultValue = "1")
        Integer amount,
        @Schema(description = "The worker software, as name:version:url; 1 to 1000 characters.", minLength = 1,
                maxLength = 1000, defaultValue = "unknown:0:unknown")
        String bridgeAgent,
        @Schema(description = "How many forms this worker runs at once.", minimum = "1", maximum = "100",
                defaultValue = "1")
        Integer threads,
        @Schema(description = "The largest image, in 512x512 tiles, this worker can interrogate.", minimum = "1",
                maximum = "256", defaultValue = "80")
        Integer maxTiles) {
}
