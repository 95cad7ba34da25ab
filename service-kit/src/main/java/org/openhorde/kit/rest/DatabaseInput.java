package org.openhorde.kit.rest;

import java.lang.reflect.Method;

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
            String state = sqlState(cause);
            if (state != null && (state.startsWith("22") || state.equals("54000"))) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of a Vert.x PostgreSQL failure ({@code getSqlState()}) or a JDBC one ({@code getSQLState()}). */
    private static String sqlState(Throwable failure) {
        for (String getter : new String[] {"getSqlState", "getSQLState"}) {
            try {
                Method method = failure.getClass().getMethod(getter);
                if (method.invoke(failure) instanceof String state) {
                    return state;
                }
            } catch (ReflectiveOperationException | RuntimeException notThisDriver) {
                // not a database failure of this kind: try the other spelling
            }
        }
        return null;
    }
}
