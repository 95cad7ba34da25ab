package org.openhorde.contracts;

/**
 * A business failure with an AI Horde {@code rc}. Services throw it; each service's exception mapper renders it as a
 * {@link HordeError} with {@link Rc#httpStatus()}; the gateway relays internal errors unchanged.
 */
public class HordeException extends RuntimeException {

    private final transient HordeError error;
    private final int httpStatus;

    public HordeException(Rc rc, String message) {
        this(rc.httpStatus(), new HordeError(message, rc));
    }

    public HordeException(int httpStatus, HordeError error) {
        super(error.rc() + ": " + error.message(), null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
    }

    public HordeError error() {
        return error;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
