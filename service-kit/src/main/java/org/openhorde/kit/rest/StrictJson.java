package org.openhorde.kit.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service's JSON refuses a repeated key ({@code {"a":1,"a":{}}}) as malformed, a 400. Left to Jackson's
 * default, the last value silently wins for plain fields, and for a record's creator property it fails as a
 * definition error (a 500 before this). The AI Horde (Python) takes the last value; we differ on purpose, see
 * decision 0005.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
