package org.openhorde.kit.statistics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of this service's own tables current, as autovacuum's ANALYZE would: every
 * {@code horde.kit.statistics.check} it analyzes the tables of its schema that changed by more than
 * {@code threshold + scale × rows} since their last analysis (autovacuum's own rule and defaults, 50 + 10 %).
 *
 * <p>Why: the services run prepared statements on PostgreSQL's plan cache ({@code plan_cache_mode=auto}, decision
 * 0049): a statement is planned for its parameters a few times, then runs on one generic plan, which PostgreSQL keeps
 * until the statistics of a table it reads change. Without autovacuum (the PostgreSQL this horde is developed and
 * tested on runs without it) they never change, so a plan made while a table was empty stayed a sequential scan at
 * 20,000 rows; decision 0012 therefore planned every statement for its parameters
 * ({@code force_custom_plan}), which measured as ~40 % of PostgreSQL's CPU per image lifecycle. Analyzing here lets
 * cached plans follow the tables' growth; where autovacuum runs, it has usually analyzed them first and this finds
 * nothing to do.
 *
 * <p>One replica at a time (a transaction-scoped advisory lock per schema); ANALYZE takes a lock that does not block
 * reads or writes. Enabled by the build property {@code horde.kit.statistics.enabled} in the services that own a
 * schema (the bean does not exist elsewhere).
 */
@ApplicationScoped
@IfBuildProperty(name = TableStatistics.ENABLED, stringValue = "true")
public class TableStatistics {

    public static final String ENABLED = "horde.kit.statistics.enabled";

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);

    private final Pool pool;
    private final long threshold;
    private final double scale;
    private final Counter analyzed;

    TableStatistics(Pool pool,
                    @ConfigProperty(name = "horde.kit.statistics.threshold", defaultValue = "50") long threshold,
                    @ConfigProperty(name = "horde.kit.statistics.scale", defaultValue = "0.1") double scale,
                    MeterRegistry metrics) {
        if (threshold < 0 || scale < 0) {
            throw new IllegalArgumentException("horde.kit.statistics.threshold and .scale cannot be negative");
        }
        this.pool = pool;
        this.threshold = threshold;
        this.scale = scale;
        this.analyzed = metrics.counter("horde_db_tables_analyzed_total");
    }

    @Scheduled(every = "${horde.kit.statistics.check:15s}", delayed = "${horde.kit.statistics.first-check:2s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        return refresh()
                .onFailure().invoke(e -> LOG.warnf("refreshing table statistics failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Analyzes this schema's tables that changed enough; returns their names (empty when another replica holds it). */
    public Uni<List<String>> refresh() {
        return pool.withTransaction(conn -> conn
                .preparedQuery("select pg_try_advisory_xact_lock(hashtext(current_schema() || '/table-statistics'))")
                .execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? analyzeStale(conn) : Uni.createFrom().item(List.<String>of())));
    }

    private Uni<List<String>> analyzeStale(SqlClient conn) {
        return conn.preparedQuery("""
                        select quote_ident(c.relname) as name from pg_class c
                         where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
                           and pg_stat_get_mod_since_analyze(c.oid)
                               > $1 + $2 * greatest(pg_stat_get_live_tuples(c.oid), 0)
                         order by c.relname""")
                .execute(Tuple.of(threshold, scale))
                .flatMap(rows -> {
                    List<String> names = new ArrayList<>();
                    for (Row row : rows) {
                        names.add(row.getString("name"));
                    }
                    // Only this schema's tables are looked at (pg_stat_user_tables would compute the figures of every
                    // table in the database: dozens of schemas on a test machine, 30 ms a check). One ANALYZE after
                    // the other on this connection: each samples at most 30,000 rows of its table.
                    return Multi.createFrom().iterable(names)
                            .onItem().transformToUniAndConcatenate(name -> conn.query("analyze " + name).execute()
                                    .invoke(() -> analyzed.increment()))
                            .collect().last()
                            .replaceWith(names);
                });
    }
}
