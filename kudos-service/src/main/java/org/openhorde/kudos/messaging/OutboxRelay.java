package org.openhorde.kudos.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.openhorde.kudos.config.KudosConfig;
import org.openhorde.kudos.repository.OutboxRepository;
import org.openhorde.kudos.repository.OutboxRepository.PendingEvent;

/**
 * Publishes outbox rows to Kafka, at least once and in the order they were written, and marks them published only
 * once the broker acknowledged them. A committing transaction that wrote events nudges the relay at once; a
 * scheduled poll catches anything a nudge missed (a crash between commit and publish, a broker outage).
 *
 * <p>Only one relay pass runs at a time in this process (a nudge arriving meanwhile makes the running pass go round
 * again), and a PostgreSQL advisory lock keeps replicas from relaying concurrently.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key of the kudos-service outbox relay (any constant unique within the database). */
    private static final long RELAY_LOCK = 0x6B75646F736F7574L;

    private final Pool pool;
    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final String topicPrefix;
    private final int batchSize;
    private final Counter published;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    OutboxRelay(Pool pool, OutboxRepository outbox, @Channel("outbox") MutinyEmitter<String> emitter,
                @ConfigProperty(name = "horde.topic-prefix") Optional<String> topicPrefix, KudosConfig config,
                MeterRegistry metrics) {
        this.pool = pool;
        this.outbox = outbox;
        this.emitter = emitter;
        this.topicPrefix = topicPrefix.orElse("");
        this.batchSize = config.outboxBatchSize();
        this.published = metrics.counter("horde_kudos_outbox_published_total");
    }

    /** Relays soon, without making the caller wait for Kafka. */
    public void nudge() {
        relay().subscribe().with(ignored -> { });
    }

    /** Not before the application started: the {@code outbox} channel is connected only then. */
    @Scheduled(every = "${horde.kudos.outbox-poll:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return relay();
    }

    private Uni<Void> relay() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return drainWhileRequested();
    }

    private Uni<Void> drainWhileRequested() {
        requested.set(false);
        return drain()
                .onFailure().invoke(e -> LOG.warnf("outbox relay failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .chain(() -> {
                    running.set(false);
                    // A nudge that came while we drained found us running and left its rows to us.
                    if (requested.get() && running.compareAndSet(false, true)) {
                        return drainWhileRequested();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> drain() {
        return pool.withTransaction(this::relayBatch)
                .flatMap(more -> more ? drain() : Uni.createFrom().voidItem());
    }

    /** Publishes one batch in this transaction; true when a full batch went out and more may be waiting. */
    private Uni<Boolean> relayBatch(SqlClient conn) {
        return outbox.tryRelayLock(conn, RELAY_LOCK).flatMap(locked -> !locked ? Uni.createFrom().item(false)
                : outbox.unpublished(conn, batchSize).flatMap(batch -> publish(batch)
                .call(acknowledged -> outbox.markPublished(conn, acknowledged))
                .map(acknowledged -> acknowledged.size() == batchSize)));
    }

    /**
     * Sends the batch in order and returns the ids of the acknowledged prefix. Rows after a failure stay unpublished
     * and are sent again, in order, by the next pass.
     */
    private Uni<List<Long>> publish(List<PendingEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Boolean>> sends = batch.stream()
                .map(event -> emitter.sendMessage(message(event))
                        .replaceWith(true)
                        .onFailure().invoke(e -> LOG.warnf("publishing outbox row %d failed: %s", event.id(),
                                e.toString()))
                        .onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(sends).andFailFast().map(acks -> {
            List<Long> acknowledged = new ArrayList<>();
            for (int i = 0; i < acks.size() && acks.get(i); i++) {
                acknowledged.add(batch.get(i).id());
            }
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
