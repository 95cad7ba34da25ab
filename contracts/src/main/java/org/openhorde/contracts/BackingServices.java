package org.openhorde.contracts;

import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * Tells a failure to reach a backing service (PostgreSQL, Kafka, S3) apart from a bug. The first is the horde's
 * 503 {@code ServiceUnavailable} — the client may retry, nothing was half-written because the transaction never
 * committed — the second a 500 worth a stack trace. Services map their unexpected failures through this.
 */
public final class BackingServices {

    private BackingServices() {
    }

    /** True when {@code failure}, or any cause of it, says a backing service cannot be reached or went away. */
    public static boolean unreachable(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof ClosedChannelException) {
                return true;
            }
            if (connectionLostSqlState(sqlState(cause))) {
                return true;
            }
            // Vert.x reports a pooled connection that died under a query with its own exception type.
            if ("ClosedConnectionException".equals(cause.getClass().getSimpleName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL's SQLSTATEs for a lost or refused connection: class 08 (connection exception), 57P01–57P03
     * (the server is shutting down, crashed or cannot accept connections yet) and 53300 (too many connections: the
     * server refuses a new one until others close, a state that passes like an outage, not a bug of the request).
     */
    static boolean connectionLostSqlState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03") || sqlState.equals("53300"));
    }

    /**
     * The SQLSTATE of a database driver's exception (JDBC's {@code getSQLState()}, Vert.x' {@code getSqlState()}), or
     * null for any other failure. By reflection, so that contracts depends on no driver.
     */
    public static String sqlState(Throwable failure) {
        for (String getter : new String[] {"getSQLState", "getSqlState"}) {
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
