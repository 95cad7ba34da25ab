package org.openhorde.storage.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.OutboxEntry;
import org.openhorde.storage.repository.OutboxRepository;

/**
 * Publishes the outbox to Kafka, at least once and in the order the events were written. Rows are marked published
 * only after Kafka acknowledged them; a crash in between republishes them, which consumers' inboxes absorb.
 *
 * <p>Runs after every commit that wrote an event (a nudge) and on a short poll that picks up what a nudge missed
 * (a failed publish, a restart). One batch at a time per process, and one relay at a time across instances (an
 * advisory lock), so batches never overtake each other.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final String topicPrefix;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    OutboxRelay(Pool pool, OutboxRepository outbox, @Channel("outbox") MutinyEmitter<String> emitter,
                @ConfigProperty(name = "horde.topic-prefix") Optional<String> topicPrefix, StorageConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.emitter = emitter;
        this.topicPrefix = topicPrefix.orElse("");
        this.batchSize = config.outboxBatchSize();
    }

    // Not before the application runs (the Kafka channel is wired at start) nor while it stops (the pool closes).
    @Scheduled(every = "${horde.storage.outbox-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        nudge();
    }

    /** Publishes what is waiting; if a batch is already in flight, it runs once more when that one is done. */
    public void nudge() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            again.set(false);
            publishBatch().subscribe().with(this::batchDone, this::batchFailed);
        }
    }

    private void batchDone(int published) {
        running.set(false);
        if (published == batchSize || again.get()) {
            nudge();
        }
    }

    private void batchFailed(Throwable failure) {
        running.set(false);
        // The rows stay unpublished; the next poll tries again.
        LOG.warnf("publishing the outbox failed, will retry: %s", failure.toString());
    }

    private Uni<Integer> publishBatch() {
        return pool.withTransaction(conn -> outbox.tryLock(conn).flatMap(locked -> !locked
                ? Uni.createFrom().item(0)
                : outbox.unpublished(conn, batchSize).flatMap(entries -> entries.isEmpty()
                        ? Uni.createFrom().item(0)
                        : publish(entries).call(() -> outbox.markPublished(conn, entries)).replaceWith(entries.size()))));
    }

    private Uni<Void> publish(List<OutboxEntry> entries) {
        // Subscribed in list order, so sends leave in id order; the idempotent producer keeps that order per key.
        List<Uni<Void>> sends = entries.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxEntry entry) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topicPrefix + entry.topic())
                .withKey(entry.recordKey())
                .build();
        return emitter.sendMessage(Message.of(entry.payload()).addMetadata(metadata));
    }
}
