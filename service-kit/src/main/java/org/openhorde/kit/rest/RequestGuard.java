package org.openhorde.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.Rc;

/**
 * Screens every request's path and query before any route sees it, and answers what fails below RESTEasy in the AI
 * Horde's JSON shape:
 * <ul>
 *   <li>an invalid percent-encoding ({@code /status/%%00}) is a 400 {@code BadRequest};</li>
 *   <li>a NUL character in a path segment or query value is a 400 {@code NulByteInPayload} (PostgreSQL text cannot
 *       hold one, so it would otherwise fail deep inside a query);</li>
 *   <li>a path segment or query value longer than {@link InputLimits#TOKEN} is a 400 {@code BadRequest}, so no
 *       identifier taken from a URL reaches SQL unbounded;</li>
 *   <li>an unmatched route (404), a wrong method (405) and any failure no exception mapper answered are JSON
 *       instead of Vert.x' HTML or an empty body.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGuard {

    /** After Quarkus' own first handlers (CORS, body), before every application route. */
    static final int ORDER = -100;

    /**
     * Quarkus checks every URI with {@code java.net.URI} in its root handler, before any route, and answers a failure
     * with an empty 400; the property (read once, when Quarkus' HTTP recorder loads) turns that off so that this
     * guard sees those requests. It must be set on the JVM's command line.
     */
    static final String URI_VALIDATION_OFF = "vertx.disableURIValidation";

    private static final Logger LOG = Logger.getLogger(RequestGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    void install(@Observes Router router) {
        if (!Boolean.getBoolean(URI_VALIDATION_OFF)) {
            LOG.warnf("-D%s=true is not set: Quarkus answers paths with an invalid percent-encoding with a bare 400"
                    + " before this guard can answer them in JSON (./horde sets it)", URI_VALIDATION_OFF);
        }
        router.route().order(ORDER).handler(RequestGuard::screen);
        router.route().order(ORDER).failureHandler(RequestGuard::failed);
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, RequestGuard::failed);
        }
    }

    private static void screen(RoutingContext context) {
        HordeError refusal = refusal(context.request().path(), context.request().query());
        if (refusal == null) {
            context.next();
        } else {
            answer(context, 400, refusal);
        }
    }

    /** Why a request's raw path and query are refused, or null when they are acceptable. */
    static HordeError refusal(String rawPath, String rawQuery) {
        if (rawPath != null) {
            for (String segment : rawPath.split("/")) {
                HordeError refusal = refusalOf("path", segment);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                HordeError refusal = refusalOf("query", name);
                if (refusal == null && equals >= 0) {
                    refusal = refusalOf(decodedOrRaw(name), pair.substring(equals + 1));
                }
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    private static HordeError refusalOf(String where, String raw) {
        String value;
        try {
            value = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return new HordeError("The " + where + " holds an invalid percent-encoding.", Rc.BadRequest);
        }
        if (value.indexOf('\0') >= 0) {
            return new HordeError("The " + where + " contains a NUL character, which is not allowed.",
                    Rc.NulByteInPayload);
        }
        if (value.length() > InputLimits.TOKEN) {
            return new HordeError("A value of the " + where + " is longer than " + InputLimits.TOKEN
                    + " characters.", Rc.BadRequest);
        }
        return null;
    }

    private static String decodedOrRaw(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return raw;
        }
    }

    /** A failure or error status nothing else answered: JSON, with the status the framework chose. */
    private static void failed(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (failure != null && status < 400) {
            status = HordeErrorMappers.unexpectedStatus(failure);
            answer(context, status, HordeErrorMappers.unexpectedError(failure));
            return;
        }
        if (status < 400) {
            status = 500;
        }
        String message = HordeErrorMappers.frameworkMessage(status,
                status == 400 ? "The request could not be read (its path, query or headers)." : null);
        answer(context, status, new HordeError(message, HordeErrorMappers.frameworkRc(status)));
    }

    private static void answer(RoutingContext context, int status, HordeError error) {
        String body;
        try {
            body = JSON.writeValueAsString(ErrorBody.of(error));
        } catch (JsonProcessingException cannotHappen) {
            body = "{\"message\":\"error\",\"rc\":\"" + error.rc() + "\"}";
        }
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
