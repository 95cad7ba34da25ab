package org.openhorde.gateway.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Every failure leaves as an AI Horde error body {@code {"message", "rc"}}; bad input is a 4xx, never a 500.
 * Errors of the internal services arrive here as {@link HordeException}s and leave unchanged.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> horde(HordeException e) {
        return RestResponse.status(RestResponse.Status.fromStatusCode(e.httpStatus()), ErrorBody.of(e.error()));
    }

    /** A value of the wrong JSON type: reported per field, like the AI Horde's schema validation. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatchedInput(MismatchedInputException e) {
        String value = e instanceof InvalidFormatException invalid ? "'" + invalid.getValue() + "' " : "";
        String problem = value + "is not of type '" + jsonType(e.getTargetType()) + "'";
        return badRequest(HordeError.validation(Map.of(path(e), problem)));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> malformedJson(JsonParseException e) {
        return badRequest(new HordeError("Malformed JSON: " + e.getOriginalMessage(), Rc.BadRequest));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadableJson(JsonProcessingException e) {
        return badRequest(new HordeError("Unreadable JSON: " + e.getOriginalMessage(), Rc.BadRequest));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Rc rc = status == 404 ? Rc.ThingNotFound : status < 500 ? Rc.BadRequest : Rc.InternalServerError;
        return RestResponse.status(RestResponse.Status.fromStatusCode(status),
                ErrorBody.of(new HordeError(e.getMessage(), rc)));
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return RestResponse.status(RestResponse.Status.INTERNAL_SERVER_ERROR,
                ErrorBody.of(new HordeError("Internal error; it has been logged.", Rc.InternalServerError)));
    }

    private static RestResponse<ErrorBody> badRequest(HordeError error) {
        return RestResponse.status(RestResponse.Status.BAD_REQUEST, ErrorBody.of(error));
    }

    /** The JSON path of the offending value, e.g. {@code params.width} or {@code params.loras.0.model}. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "object";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == BigInteger.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        return Collection.class.isAssignableFrom(type) || type.isArray() ? "array" : "object";
    }
}
