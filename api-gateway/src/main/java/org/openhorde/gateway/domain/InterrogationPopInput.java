package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The body of {@code POST /interrogate/pop} (the AI Horde's {@code InterrogationPopInput}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InterrogationPopInput(String name, List<String> priorityUsernames, List<String> forms, Integer amount,
                                    String bridgeAgent, Integer threads, Integer maxTiles) {
}
