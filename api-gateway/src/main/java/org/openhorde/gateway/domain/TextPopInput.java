package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The body of a text worker's {@code POST /generate/text/pop} (the AI Horde's {@code PopInputKobold}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextPopInput(
        String name,
        List<String> priorityUsernames,
        Boolean nsfw,
        List<String> models,
        String bridgeAgent,
        Integer threads,
        Boolean requireUpfrontKudos,
        Integer amount,
        List<String> blacklist,
        Integer maxLength,
        Integer maxContextLength,
        List<String> softprompts,
        Boolean extraSlowWorker) {
}
