package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of an image worker's {@code POST /generate/submit} (the AI Horde's {@code SubmitInputStable}).
 * {@code seed} is an integer on the AI Horde's wire; clients send it as a number or a string, Jackson gives us the
 * text. {@code gen_metadata} is not read yet.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubmitInput(String id, String generation, String state, String seed, Boolean censored) {
}
