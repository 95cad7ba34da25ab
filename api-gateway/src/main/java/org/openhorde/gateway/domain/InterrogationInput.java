package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /interrogate/async} (the AI Horde's {@code ModelInterrogationInputStable}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InterrogationInput(List<Form> forms, String sourceImage, Boolean trustedWorkers, Boolean slowWorkers,
                                 String webhook) {

    /** One form: its name and an optional free map of options the worker reads. */
    public record Form(String name, Map<String, Object> payload) {
    }
}
