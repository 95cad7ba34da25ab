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
 * @param table     the table swept, for the log and the warning when a sweep fails
 * @param age       what the retention counts from, for the log ("published", "processed")
 * @param statement a {@code DELETE} taking the retention in seconds (a double: tests shrink it below one) as
 *                  {@code $1} and the batch size as {@code $2}, which deletes at most {@code $2} rows older than
 *                  {@code now() - make_interval(secs => $1)} (the database's clock, so that replicas on different
 *                  hosts agree on what is due)
 * @param swept     the counter of deleted rows ({@code horde_<table>_swept_total})
 */
public record AgedRows(String table, String age, Pool pool, String statement, Duration retention, int batchSize,
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

    /** Deletes every row that is due; the item is how many went. */
    public Uni<Long> sweep() {
        return sweepFrom(0).invoke(deleted -> {
            swept.increment(deleted);
            if (deleted > 0) {
                LOG.infof("deleted %d %s rows %s more than %s ago", deleted, table, age, retention);
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
        return pool.preparedQuery(statement)
                .execute(Tuple.of(retention.toMillis() / 1000.0, batchSize))
                .flatMap(rows -> {
                    long deleted = deletedSoFar + rows.rowCount();
                    return rows.rowCount() < batchSize ? Uni.createFrom().item(deleted) : sweepFrom(deleted);
                });
    }
}
