package org.openhorde.kudos.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.kit.statistics.TableStatistics;

/**
 * Pins that the database settings every service shares (service-kit's META-INF/microprofile-config.properties, not
 * this service's application.properties) reach the sessions of the reactive pool, and that the service keeps its
 * tables' planner statistics current, which the plan cache relies on (decision 0049).
 */
@QuarkusTest
class DatabaseSettingsTest {

    @Inject
    Pool pool;

    @Inject
    TableStatistics statistics;

    private String show(String setting) {
        return pool.query("show " + setting).execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));
    }

    private void run(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(30));
    }

    /** How often the table was analyzed, and the rows changed since the last time, as PostgreSQL's statistics say. */
    private long[] analyses(String table) {
        Row row = pool.query("select analyze_count, n_mod_since_analyze from pg_stat_user_tables"
                        + " where schemaname = current_schema() and relname = '" + table + "'").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        return new long[] {row.getLong(0), row.getLong(1)};
    }

    @Test
    void jitIsOffForShortOltpStatements() {
        assertEquals("off", show("jit"));
    }

    @Test
    void preparedStatementsUseThePlanCache() {
        assertEquals("auto", show("plan_cache_mode"));
    }

    @Test
    void aTableThatChangedEnoughIsAnalyzedAndOneThatBarelyChangedIsNot() throws InterruptedException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String grown = "statistics_probe_grown_" + suffix;
        String quiet = "statistics_probe_quiet_" + suffix;
        run("create table " + grown + " (id int primary key)");
        run("create table " + quiet + " (id int primary key)");
        try {
            run("insert into " + grown + " select generate_series(1, 500)");
            run("insert into " + quiet + " select generate_series(1, 10)");
            // The backends report their changes to the statistics system within a second or so of going idle.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (analyses(grown)[0] == 0 && System.nanoTime() < deadline) {
                statistics.refresh().await().atMost(Duration.ofSeconds(30));
                Thread.sleep(200);
            }
            long[] grownNow = analyses(grown);
            assertTrue(grownNow[0] >= 1, "500 new rows (over 50 + 10 %) get the table analyzed");
            assertEquals(0, grownNow[1], "and its change count starts again");
            statistics.refresh().await().atMost(Duration.ofSeconds(30));
            assertEquals(0, analyses(quiet)[0], "10 new rows (under 50) do not");
        } finally {
            run("drop table if exists " + grown);
            run("drop table if exists " + quiet);
        }
    }
}
