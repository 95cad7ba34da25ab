package org.openhorde.kudos.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pins that the database settings every service shares (service-kit's META-INF/microprofile-config.properties, not
 * this service's application.properties) reach the sessions of the reactive pool.
 */
@QuarkusTest
class DatabaseSettingsTest {

    @Inject
    Pool pool;

    private String show(String setting) {
        return pool.query("show " + setting).execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void jitIsOffForShortOltpStatements() {
        assertEquals("off", show("jit"));
    }

    @Test
    void everyStatementIsPlannedForItsParameters() {
        assertEquals("force_custom_plan", show("plan_cache_mode"));
    }
}
