package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** The body of {@code POST /interrogate/submit}: the form id, its result map and {@code ok} or {@code faulted}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InterrogationSubmitInput(String id, Map<String, Object> result, String state) {
}
