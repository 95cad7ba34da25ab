package org.openhorde.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, at least once and in the order they were written, and marks them published only
 * once the broker acknowledged them; a crash in between republishes them, which consumers' inboxes absorb. A
 * committing transaction that wrote events {@link #nudge() nudges} the relay at once; a scheduled poll catches
 * anything a nudge missed (a crash between commit and publish, a broker outage).
 *
 * <p>Only one relay pass runs at a time in this process (a nudge arriving meanwhile makes the running pass go round
 * again), and a PostgreSQL advisory lock keeps replicas from relaying concurrently, so batches never overtake each
 * other. A pass runs in no transaction (decision 0054): the lock is a session lock its connection holds from the
 * statement that reads the first batch to the one that finds nothing more, and each statement between marks the
 * batch just acknowledged and reads the next, so a pass that publishes one batch costs PostgreSQL two round trips
 * (four with a transaction: BEGIN, read, mark, COMMIT) and an idle poll one (three). Every record goes through the service's {@code outbox} channel (configured in its application.properties:
 * serialisers, {@code acks=all}, idempotence); each names its own topic ({@code horde.topic-prefix} + the row's
 * logical topic) and key.
 *
 * <p>Configuration:
 * <ul>
 *   <li>{@code horde.kit.outbox.enabled} (build time, default false): {@code true} in every service whose schema has
 *       the {@code outbox} table. The relay needs a reactive PostgreSQL pool, the scheduler and an {@code outbox}
 *       Kafka channel, none of which a service without a database (the api-gateway) has. An opt-in build property is
 *       the simplest robust switch: the beans do not exist where it is not set (nothing to exclude per service, no
 *       runtime lookup), and a service that forgets it while using the outbox fails its build with an unsatisfied
 *       dependency instead of silently never publishing.</li>
 *   <li>{@code horde.kit.outbox.published-metric} (required when enabled): the name of the counter of published
 *       events, {@code horde_<service>_outbox_published_total}.</li>
 *   <li>{@code horde.kit.outbox.batch-size} (default 500): rows read and published per relay statement.</li>
 *   <li>{@code horde.kit.outbox.poll} (default 1s): period of the safety-net poll. Quarkus's scheduler checks its
 *       triggers once a second, so shorter periods still run once a second.</li>
 * </ul>
 */
@ApplicationScoped
@IfBuildProperty(name = OutboxRelay.ENABLED, stringValue = "true")
public class OutboxRelay {

    /** Build-time switch of the outbox (this relay and {@link OutboxRepository}). */
    public static final String ENABLED = "horde.kit.outbox.enabled";

    /**
     * Statements (= PostgreSQL round trips: the relay sends no BEGIN or COMMIT) the relay sent, so that the cost of
     * relaying can be counted per lifecycle from {@code /q/metrics}. The lock's release after a failed pass is left
     * out: it happens only when something failed, which the warning in the log counts better.
     */
    static final String STATEMENTS_METRIC = "horde_outbox_relay_statements_total";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final String topicPrefix;
    private final int batchSize;
    private final Counter published;
    private final Counter statements;
    private final RelayPasses passes = new RelayPasses();

    OutboxRelay(Pool pool, OutboxRepository outbox, @Channel("outbox") MutinyEmitter<String> emitter,
                @ConfigProperty(name = "horde.topic-prefix") Optional<String> topicPrefix,
                @ConfigProperty(name = "horde.kit.outbox.batch-size", defaultValue = "500") int batchSize,
                @ConfigProperty(name = "horde.kit.outbox.published-metric") String publishedMetric,
                MeterRegistry metrics) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("horde.kit.outbox.batch-size must be at least 1, was " + batchSize);
        }
        this.pool = pool;
        this.outbox = outbox;
        this.emitter = emitter;
        this.topicPrefix = topicPrefix.orElse("");
        this.batchSize = batchSize;
        this.published = metrics.counter(publishedMetric);
        this.statements = metrics.counter(STATEMENTS_METRIC);
    }

    /** Relays soon, without making the caller wait for Kafka. Call it after a transaction that appended events. */
    public void nudge() {
        relay().subscribe().with(ignored -> { });
    }

    /** Not before the application runs (the {@code outbox} channel is connected only then) nor while it stops. */
    @Scheduled(every = "${horde.kit.outbox.poll:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return relay();
    }

    private Uni<Void> relay() {
        return passes.request() ? passesWhileRequested() : Uni.createFrom().voidItem();
    }

    private Uni<Void> passesWhileRequested() {
        // One connection per pass: the relay lock is a session lock, held by the connection that took it.
        return pool.withConnection(this::pass)
                .onFailure().invoke(e -> LOG.warnf("outbox relay failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .chain(() -> passes.endPass() ? passesWhileRequested() : Uni.createFrom().voidItem());
    }

    /**
     * Publishes until nothing is left or a send fails: the first statement takes the lock and reads a batch, each
     * next one marks the batch just acknowledged and reads the following, and the statement that finds nothing more
     * (or marks a batch not acknowledged whole) gives the lock back. Every read serves the requests made before it
     * ({@link RelayPasses#beginPass()}): the rows they announced were committed before the read began.
     */
    private Uni<Void> pass(SqlClient connection) {
        passes.beginPass();
        statements.increment();
        return outbox.lockAndReadUnpublished(connection, batchSize)
                .flatMap(batch -> publishAndContinue(connection, batch))
                // Whatever failed, the connection must not go back to the pool holding the lock (when the statement
                // that failed had already given it back, or never got it, PostgreSQL answers false with a notice).
                .onFailure().call(e -> outbox.release(connection)
                        .onFailure().invoke(releaseFailure -> LOG.debugf(
                                "releasing the relay lock after a failure also failed (connection lost?): %s",
                                releaseFailure.toString()))
                        .onFailure().recoverWithNull());
    }

    private Uni<Void> publishAndContinue(SqlClient connection, List<PendingEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem(); // the statement that read nothing gave the lock back (or never had it)
        }
        return publish(batch)
                .flatMap(acknowledged -> {
                    statements.increment();
                    if (acknowledged.size() < batch.size()) {
                        return outbox.markAndRelease(connection, acknowledged);
                    }
                    passes.beginPass();
                    return outbox.markAndReadNext(connection, acknowledged, batchSize)
                            .flatMap(next -> publishAndContinue(connection, next));
                });
    }

    /**
     * Sends the batch in order and returns the ids of the acknowledged prefix. Rows after a failure stay unpublished
     * and are sent again, in order, by the next pass.
     */
    private Uni<List<Long>> publish(List<PendingEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Subscribed in list order, so sends leave in id order; the idempotent producer keeps that order per key.
        List<Uni<Boolean>> sends = batch.stream()
                .map(event -> emitter.sendMessage(message(event))
                        .replaceWith(true)
                        .onFailure().invoke(e -> LOG.warnf("publishing outbox row %d failed: %s", event.id(),
                                e.toString()))
                        .onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(sends).andFailFast().map(acks -> {
            List<Long> acknowledged = AcknowledgedPrefix.ids(batch, acks);
            published.increment(acknowledged.size());
            return acknowledged;
        });
    }

    private Message<String> message(PendingEvent event) {
        return Message.of(event.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topicPrefix + event.topic())
                .withKey(event.recordKey())
                .build());
    }
}
