package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of a text worker's {@code POST /generate/text/submit} (the AI Horde's {@code SubmitInputKobold}):
 * {@code generation} is the text itself; {@code seed} defaults to 0. {@code gen_metadata} is judged by
 * {@link GenMetadataRules} and kept with the generation.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextSubmitInput(String id, String generation, String state, String seed, List<Object> genMetadata) {
}
