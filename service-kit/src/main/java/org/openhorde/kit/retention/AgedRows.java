package org.openhorde.kit.retention;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * Deletes rows past their retention in batches, each its own statement (no transaction spans the sweep: a batch is
 * short, holds its rows' locks only while it runs, and what it deleted stays deleted if a later one fails), until a
 * batch finds fewer rows than it could take.
 *
 * @param statement a {@code DELETE} taking the retention in seconds (a double: tests shrink it below one) as
 *                  {@code $1} and the batch size as {@code $2}, which deletes at most {@code $2} rows older than
 *                  {@code now() - make_interval(secs => $1)} (the database's clock, so that replicas on different
 *                  hosts agree on what is due)
 */
public record AgedRows(Pool pool, String statement, Duration retention, int batchSize) {

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
        return sweepFrom(0);
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
