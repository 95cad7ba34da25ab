package org.openhorde.kit.retention;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes rows past their retention in batches, each its own statement (no transaction spans the sweep: a batch is
 * short, holds its rows' locks only while it runs, and what it deleted stays deleted if a later one fails), until a
 * batch finds fewer rows than it could take. What went is counted, and logged when anything did.
 *
 * @param table     the table swept
 * @param key       its primary key column, by which a batch's rows are deleted
 * @param agedBy    the timestamp column the retention counts from; rows where it is null never go
 * @param retention how long a row stays after {@code agedBy}, measured on the database's clock ({@code now()}), so
 *                  that replicas on hosts with different clocks agree on what is due
 * @param swept     the counter of deleted rows ({@code horde_<table>_swept_total})
 */
public record AgedRows(Pool pool, String table, String key, String agedBy, Duration retention, int batchSize,
                       Counter swept) {

    private static final Logger LOG = Logger.getLogger(AgedRows.class);

    public AgedRows {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a retention must be positive, was " + retention);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("a sweep's batch size must be at least 1, was " + batchSize);
        }
    }

    /** One batch: at most {@code $2} rows whose {@code agedBy} is more than {@code $1} seconds old. */
    private String statement() {
        return "delete from " + table + " where " + key + " = any(array(select " + key + " from " + table
                + " where " + agedBy + " < now() - make_interval(secs => $1) limit $2))";
    }

    /** Deletes every row that is due; the item is how many went. */
    public Uni<Long> sweep() {
        return sweepFrom(0).invoke(deleted -> {
            swept.increment(deleted);
            if (deleted > 0) {
                LOG.infof("deleted %d %s rows whose %s was more than %s ago", deleted, table, agedBy, retention);
            }
        });
    }

    /** For a scheduler: a failed sweep is logged and tried again at the next run. */
    public Uni<Void> sweepOrWarn() {
        return sweep()
                .onFailure().invoke(e -> LOG.warnf("%s retention sweep failed, will retry: %s", table, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Long> sweepFrom(long deletedSoFar) {
        return pool.preparedQuery(statement())
                // Seconds as a double: tests shrink a retention below one second.
                .execute(Tuple.of(retention.toMillis() / 1000.0, batchSize))
                .flatMap(rows -> {
                    long deleted = deletedSoFar + rows.rowCount();
                    return rows.rowCount() < batchSize ? Uni.createFrom().item(deleted) : sweepFrom(deleted);
                });
    }
}
