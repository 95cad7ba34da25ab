package org.openhorde.kit.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * A boolean field that takes only JSON {@code true} or {@code false}. Jackson's default coerces {@code 1}, {@code -1},
 * {@code "true"} and {@code 1e30} to true and {@code ""} or {@code null} to "absent", which let an operator switch a
 * horde mode by accident. Use as {@code @JsonDeserialize(using = StrictBoolean.class) Boolean field}: an absent field
 * stays null; an explicit {@code null} or any other value is a 400 naming the field.
 */
public class StrictBoolean extends JsonDeserializer<Boolean> {

    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
    }

    /** An absent field is "unchanged" (Jackson would otherwise ask {@link #getNullValue} for it too). */
    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }

    /** An explicit {@code null} is refused: it would read as "unchanged" although the client named the field. */
    @Override
    public Boolean getNullValue(DeserializationContext context) throws JsonMappingException {
        throw MismatchedInputException.from(context.getParser(), Boolean.class,
                "null is not of type 'boolean'");
    }
}
