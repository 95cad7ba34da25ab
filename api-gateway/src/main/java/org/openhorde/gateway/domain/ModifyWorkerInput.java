package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The AI Horde's {@code ModifyWorkerInput} ({@code PUT /workers/{id}}), as sent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModifyWorkerInput(Boolean maintenance, String maintenanceMsg, Boolean paused, String info, String name,
                                String team) {
}
