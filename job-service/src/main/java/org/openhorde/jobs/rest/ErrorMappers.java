package org.openhorde.jobs.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.openhorde.contracts.BackingServices;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/** Every failure leaves as an AI Horde error body {@code {"message", "rc"}}; bad input is a 4xx, never a 500. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<HordeError> horde(HordeException e) {
        return RestResponse.status(RestResponse.Status.fromStatusCode(e.httpStatus()), e.error());
    }

    @ServerExceptionMapper
    public RestResponse<HordeError> unreadableJson(JsonProcessingException e) {
        return RestResponse.status(RestResponse.Status.BAD_REQUEST,
                new HordeError("Malformed JSON: " + e.getOriginalMessage(), Rc.BadRequest));
    }

    /**
     * A value of the wrong type (e.g. a job id that is no UUID). Quarkus maps these itself, without an {@code rc},
     * unless the application does; this names the offending field like the AI Horde's schema validation.
     */
    @ServerExceptionMapper
    public RestResponse<HordeError> mismatchedJson(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return unreadableJson(e);
        }
        return RestResponse.status(RestResponse.Status.BAD_REQUEST,
                HordeError.validation(Map.of(field, e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public RestResponse<HordeError> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Rc rc = switch (status) {
            case 400 -> Rc.BadRequest;
            case 404 -> Rc.ThingNotFound;
            case 405, 415, 406 -> Rc.BadRequest;
            default -> status < 500 ? Rc.BadRequest : Rc.InternalServerError;
        };
        return RestResponse.status(RestResponse.Status.fromStatusCode(status), new HordeError(e.getMessage(), rc));
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<HordeError> unexpected(Throwable e) {
        if (BackingServices.unreachable(e)) {
            // The transaction never committed: the caller may retry; no stack trace for an outage.
            LOG.warnf("a backing service is unreachable: %s", e.toString());
            return RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE,
                    new HordeError("A backing service is unavailable; try again shortly.", Rc.ServiceUnavailable));
        }
        LOG.error("unexpected failure", e);
        return RestResponse.status(RestResponse.Status.INTERNAL_SERVER_ERROR,
                new HordeError("Internal error; it has been logged.", Rc.InternalServerError));
    }
}
