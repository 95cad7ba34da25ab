package org.openhorde.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.openhorde.contracts.BackingServices;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * Every failure of every service leaves as an AI Horde error body {@code {"message", "rc"}} ({@link ErrorBody}),
 * always as {@code application/json} whatever the client's {@code Accept} — an error rendered through another
 * writer would be a Java {@code toString()}. Bad input is a 4xx; a backing service that cannot be reached is a 503
 * {@code ServiceUnavailable}; only a genuine bug is a 500, with its stack trace in the log.
 *
 * <p>Failures below RESTEasy (undecodable paths, unmatched routes) are answered in the same shape by
 * {@link RequestGuard}. Decision 0005 explains the choices.
 */
public class HordeErrorMappers {

    private static final Logger LOG = Logger.getLogger(HordeErrorMappers.class);

    /** An error answer, pinned to JSON so that content negotiation can never pick another writer. */
    public static Response answer(int status, HordeError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(error)).build();
    }

    @ServerExceptionMapper
    public Response horde(HordeException e) {
        if (e.httpStatus() >= 500) {
            LOG.warn(e.getMessage());
        }
        return answer(e.httpStatus(), e.error());
    }

    /** Not JSON at all, or JSON with a repeated key (see {@link StrictJson}). */
    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e) {
        return answer(400, new HordeError("Malformed JSON: " + e.getOriginalMessage(), Rc.BadRequest));
    }

    /** A value of the wrong JSON type or format: reported per field, like the AI Horde's schema validation. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return answer(400, HordeError.validation(Map.of(path(e), problem(e))));
    }

    /**
     * JSON that our types cannot be built from. Malformed input reaches this too (a record's constructor refusing a
     * value), so it is a 400; the stack trace is logged because it may also be a type we declared wrongly.
     */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            LOG.warn("a request body could not be bound to its type", e);
        }
        return answer(400, new HordeError("Unreadable JSON: " + e.getOriginalMessage(), Rc.BadRequest));
    }

    /** What RESTEasy itself refuses: no such resource, wrong method, unacceptable Accept or Content-Type... */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        if (e.getCause() instanceof StreamReadException malformed) {
            return malformedJson(malformed);
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("failure inside the REST layer", e);
        }
        return answer(status, new HordeError(frameworkMessage(status, e.getMessage()), frameworkRc(status)));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        return answer(unexpectedStatus(e), unexpectedError(e));
    }

    /** The status for a failure nobody mapped: 503 for an outage, 400 for a value the database refused, else 500. */
    static int unexpectedStatus(Throwable e) {
        if (BackingServices.unreachable(e)) {
            return 503;
        }
        return DatabaseInput.refused(e) ? 400 : 500;
    }

    /** The body for a failure nobody mapped; logs it (one line for an outage, the stack trace otherwise). */
    static HordeError unexpectedError(Throwable e) {
        if (BackingServices.unreachable(e)) {
            // The transaction never committed: the caller may retry; no stack trace for an outage.
            LOG.warnf("a backing service is unreachable: %s", e.toString());
            return new HordeError("A backing service is unavailable; try again shortly.", Rc.ServiceUnavailable);
        }
        if (DatabaseInput.refused(e)) {
            // A check is missing before the SQL (InputLimits); the client still only sent bad input.
            LOG.warn("the database refused a value of the request; a check before the SQL is missing", e);
            return new HordeError("The request holds a value that cannot be stored (too long or not text).",
                    Rc.BadRequest);
        }
        LOG.error("unexpected failure", e);
        return new HordeError("Internal error; it has been logged.", Rc.InternalServerError);
    }

    /** The rc of a status the framework chose. */
    public static Rc frameworkRc(int status) {
        return switch (status) {
            case 404 -> Rc.ThingNotFound;
            case 401 -> Rc.InvalidAPIKey;
            case 403 -> Rc.Forbidden;
            case 429 -> Rc.TooManyRequests;
            case 503 -> Rc.ServiceUnavailable;
            default -> status < 500 ? Rc.BadRequest : Rc.InternalServerError;
        };
    }

    /** A message a client can act on for a status the framework chose, instead of "HTTP 406 Not Acceptable". */
    public static String frameworkMessage(int status, String fallback) {
        return switch (status) {
            case 404 -> "No such endpoint or resource.";
            case 405 -> "This endpoint does not answer this HTTP method.";
            case 406 -> "This API answers application/json only; accept it.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the request body as application/json.";
            default -> fallback == null || fallback.isBlank() ? "HTTP " + status : fallback;
        };
    }

    /** The JSON path of the offending value, e.g. {@code params.width} or {@code params.loras.0.model}. */
    static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }

    private static String problem(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        String value = e instanceof InvalidFormatException invalid ? "'" + invalid.getValue() + "' " : "";
        if (type == UUID.class) {
            return value + "is not a valid UUID";
        }
        if (type != null && type.isEnum()) {
            return value + "is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        return value + "is not of type '" + jsonType(type) + "'";
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "object";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type == BigDecimal.class || type.isPrimitive()) {
            return "number";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "string";
        }
        return Collection.class.isAssignableFrom(type) || type.isArray() ? "array" : "object";
    }
}
