package org.openhorde.gateway.client;

import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;

/**
 * How the gateway treats the answers of the internal services: their errors reach the client unchanged (same
 * status, same {@code {"message", "rc"}}); a service that cannot be reached is a 503 the client may retry, never a
 * 500.
 */
public final class InternalErrors {

    private static final Logger LOG = Logger.getLogger(InternalErrors.class);

    private InternalErrors() {
    }

    /** An error answer of {@code service}, as the exception the gateway's error mapper relays. */
    static HordeException relayed(String service, Response response) {
        int status = response.getStatus();
        HordeError error = null;
        try {
            error = response.readEntity(HordeError.class);
        } catch (RuntimeException notAHordeError) {
            // A proxy or a missing route answered instead of the service; its status still says what happened.
        }
        if (error == null || error.rc() == null || error.message() == null) {
            error = new HordeError(service + " answered HTTP " + status, rcOf(status));
        }
        return new HordeException(status, error);
    }

    /** For {@code onFailure().transform(...)} right after a call: any failure but a relayed error is unreachability. */
    public static Function<Throwable, Throwable> unreachable(String service) {
        return failure -> {
            if (failure instanceof HordeException) {
                return failure;
            }
            LOG.warnf("%s is unreachable: %s", service, failure.toString());
            return new HordeException(Rc.ServiceUnavailable,
                    "The horde's " + service + " is unavailable right now; please retry in a moment.");
        };
    }

    private static Rc rcOf(int status) {
        return switch (status) {
            case 401 -> Rc.InvalidAPIKey;
            case 403 -> Rc.Forbidden;
            case 404 -> Rc.ThingNotFound;
            case 429 -> Rc.TooManyRequests;
            case 500 -> Rc.InternalServerError;
            default -> status >= 500 ? Rc.ServiceUnavailable : Rc.BadRequest;
        };
    }
}
