package org.openhorde.kit.rest;

import org.openhorde.contracts.BackingServices;

/**
 * Tells a database refusing a value of the request apart from a bug: PostgreSQL's SQLSTATE class 22 (data exception:
 * a NUL character, an unrepresentable character, a value out of range) and 54000 (program limit exceeded: an index
 * row too large for an overlong string). Those are bad input that slipped past the checks, so a 400, not a 500.
 */
final class DatabaseInput {

    private DatabaseInput() {
    }

    static boolean refused(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            String state = BackingServices.sqlState(cause);
            if (state != null && (state.startsWith("22") || state.equals("54000"))) {
                return true;
            }
        }
        return false;
    }
}
