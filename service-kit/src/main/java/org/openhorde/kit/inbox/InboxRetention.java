package org.openhorde.kit.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.openhorde.kit.retention.AgedRows;

/**
 * Deletes inbox rows processed longer ago than {@code horde.kit.inbox.retention} (default 30 days; decision 0057).
 *
 * <p>An inbox row is what makes a redelivered event do nothing, so it must outlive every chance of a redelivery: a
 * record stays readable in Kafka for the topic's {@code retention.ms} after its log segment closes, and a segment
 * closes after {@code segment.ms} at the latest (7 + 7 days with the broker's defaults), and a consumer group whose
 * committed offsets expired starts again from the earliest record. 30 days is beyond both with a margin; an
 * installation that keeps its topics longer must keep its inboxes longer too, and a shorter retention is warned of
 * at start.
 *
 * <p>Swept like the outbox ({@link org.openhorde.kit.outbox.OutboxRetention}): every
 * {@code horde.kit.retention.sweep-every}, in batches of {@code horde.kit.retention.batch-size}, found by a BRIN on
 * {@code processed_at} (rows are inserted in time order and never moved).
 */
@ApplicationScoped
@IfBuildProperty(name = InboxRepository.ENABLED, stringValue = "true")
public class InboxRetention {

    static final String SWEPT_METRIC = "horde_inbox_swept_total";

    /** A record can be read back this long after it was written, with the broker's default retention and segments. */
    static final Duration KAFKA_DEFAULT_REDELIVERY_WINDOW = Duration.ofDays(14);

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    private final AgedRows processed;

    InboxRetention(Pool pool,
                   @ConfigProperty(name = "horde.kit.inbox.retention", defaultValue = "P30D") Duration retention,
                   @ConfigProperty(name = "horde.kit.retention.batch-size", defaultValue = "5000") int batchSize,
                   MeterRegistry metrics) {
        this.processed = new AgedRows(pool, "inbox", "event_id", "processed_at", retention, batchSize,
                metrics.counter(SWEPT_METRIC));
        if (retention.compareTo(KAFKA_DEFAULT_REDELIVERY_WINDOW) < 0) {
            LOG.warnf("horde.kit.inbox.retention is %s: an event Kafka redelivers after its inbox row is gone takes "
                    + "effect again (with the broker's defaults a record can come back for %s)", retention,
                    KAFKA_DEFAULT_REDELIVERY_WINDOW);
        }
    }

    @Scheduled(every = "${horde.kit.retention.sweep-every:10m}", delayed = "${horde.kit.retention.first-sweep:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledSweep() {
        return processed.sweepOrWarn();
    }

    /** Deletes every row processed longer ago than the retention; the item is how many went. */
    public Uni<Long> sweep() {
        return processed.sweep();
    }
}
