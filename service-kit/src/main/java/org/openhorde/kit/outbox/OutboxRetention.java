package org.openhorde.kit.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openhorde.kit.retention.AgedRows;

/**
 * Deletes outbox rows published longer ago than {@code horde.kit.outbox.retention} (default 7 days; decision 0057).
 * Once the broker acknowledged a row nothing reads it again: the relay reads only unpublished rows, consumers read
 * Kafka. Kept for a week, an operator can still trace what a service announced and when; kept for ever, the table
 * grows by every event of every lifecycle. An unpublished row is never deleted, however old (its
 * {@code published_at} is null).
 *
 * <p>Every service's sweep runs every {@code horde.kit.retention.sweep-every} (default 10 minutes), in batches of
 * {@code horde.kit.retention.batch-size} rows (default 5,000). Replicas may sweep at once: a row two of them pick is
 * deleted by one and skipped by the other. The index that finds the rows is a BRIN on {@code published_at}: rows are
 * written, and their publication marked, in time order, so a few block ranges hold the old ones, and a BRIN adds next
 * to nothing to the relay's marks, unlike a B-tree entry per row.
 */
@ApplicationScoped
@IfBuildProperty(name = OutboxRelay.ENABLED, stringValue = "true")
public class OutboxRetention {

    static final String SWEPT_METRIC = "horde_outbox_swept_total";

    private final AgedRows published;

    OutboxRetention(Pool pool,
                    @ConfigProperty(name = "horde.kit.outbox.retention", defaultValue = "P7D") Duration retention,
                    @ConfigProperty(name = "horde.kit.retention.batch-size", defaultValue = "5000") int batchSize,
                    MeterRegistry metrics) {
        this.published = new AgedRows(pool, "outbox", "id", "published_at", retention, batchSize,
                metrics.counter(SWEPT_METRIC));
    }

    @Scheduled(every = "${horde.kit.retention.sweep-every:10m}", delayed = "${horde.kit.retention.first-sweep:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledSweep() {
        return published.sweepOrWarn();
    }

    /** Deletes every published row past the retention; the item is how many went. */
    public Uni<Long> sweep() {
        return published.sweep();
    }
}
