package org.openhorde.kit.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service's JSON is read as strictly as the AI Horde's schema validation reads it:
 * <ul>
 *   <li>a repeated key ({@code {"a":1,"a":{}}}) is malformed, a 400. Left to Jackson's default, the last value
 *       silently wins for plain fields, and for a record's creator property it fails as a definition error (a 500
 *       before this). The AI Horde (Python) takes the last value; we differ on purpose, see decision 0005;</li>
 *   <li>a number or boolean written as a string ({@code "30"}, {@code "true"}), a boolean written as a number and
 *       a fraction where an integer is expected ({@code 1.5}) are wrong types, a 400 naming the field, as the AI
 *       Horde's {@code 'x' is not of type 'integer'} — not silently coerced (1.5 used to become 1).</li>
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }
}
