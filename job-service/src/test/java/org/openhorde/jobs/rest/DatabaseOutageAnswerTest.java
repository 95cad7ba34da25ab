package org.openhorde.jobs.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import java.net.ServerSocket;
import java.time.Duration;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Rc;
import org.openhorde.kit.rest.ErrorBody;
import org.openhorde.kit.rest.HordeErrorMappers;

/**
 * A service whose PostgreSQL is down answers 503 ServiceUnavailable (retry later), not a 500: the failure here is the
 * one the reactive client really raises for a database that refuses connections. A value the database refuses as
 * data (SQLSTATE class 22) is the client's bad input, a 400.
 */
class DatabaseOutageAnswerTest {

    private final HordeErrorMappers mappers = new HordeErrorMappers();

    @Test
    void aDatabaseThatRefusesConnectionsIsA503() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        try {
            PgPool pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort)
                    .setDatabase("postgres").setUser("postgres"), new PoolOptions().setMaxSize(1));
            Throwable failure = assertThrows(Throwable.class,
                    () -> pool.query("select 1").execute().await().atMost(Duration.ofSeconds(30)));

            Response answer = mappers.unexpected(failure);
            assertEquals(503, answer.getStatus(), failure.toString());
            assertEquals(Rc.ServiceUnavailable.name(), ((ErrorBody) answer.getEntity()).rc());
        } finally {
            vertx.closeAndAwait();
        }
    }

    @Test
    void aServerShuttingDownIsA503AValueTheDatabaseRefusesA400AndABadStatementA500() {
        assertEquals(503, mappers.unexpected(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)).getStatus());
        assertEquals(400, mappers.unexpected(new PgException("invalid byte sequence for encoding \"UTF8\": 0x00",
                "ERROR", "22021", null)).getStatus());
        assertEquals(500, mappers.unexpected(new PgException("syntax error", "ERROR", "42601", null)).getStatus());
    }
}
