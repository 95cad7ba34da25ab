package org.openhorde.storage.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageStored;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.ImageState;
import org.openhorde.storage.domain.StoredImage;
import org.openhorde.storage.messaging.OutboxRelay;
import org.openhorde.storage.repository.InboxRepository;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.OutboxRepository;
import org.openhorde.storage.repository.StoredImageRepository;

/**
 * Verifies that a delivered job's image really is in the generations bucket, records what it found and, when the
 * image is there, announces it with {@link ImageStored}. Exactly once per event (inbox) and per job (job id key).
 */
@ApplicationScoped
public class ImageVerificationService {

    private static final Logger LOG = Logger.getLogger(ImageVerificationService.class);

    /** What happened to one completed-job event. */
    public enum Result { STORED, MISSING, IGNORED, DUPLICATE_EVENT, ALREADY_RECORDED }

    private final Pool pool;
    private final ObjectStore store;
    private final InboxRepository inbox;
    private final StoredImageRepository images;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final StorageConfig config;
    private final MeterRegistry metrics;

    ImageVerificationService(Pool pool, ObjectStore store, InboxRepository inbox, StoredImageRepository images,
                             OutboxRepository outbox, OutboxRelay relay, StorageConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.images = images;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Must be called on a Vert.x context (a Kafka consumer's): the store is asked on a worker thread, and the
     * database work comes back to this context.
     */
    public Uni<Result> verify(JobCompleted event, String topic) {
        if (!event.outcome().delivered() || event.generationKey() == null) {
            return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic, "ignored"))
                    .map(fresh -> fresh ? Result.IGNORED : Result.DUPLICATE_EVENT);
        }
        Context context = Vertx.currentContext();
        String bucket = config.buckets().generations();
        return store.stat(bucket, event.generationKey())
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .map(found -> found.map(object -> StoredImage.stored(bucket, event.generationKey(), object))
                        .orElseGet(() -> StoredImage.missing(bucket, event.generationKey())))
                .flatMap(image -> pool.withTransaction(conn -> record(conn, event, topic, image)))
                .invoke(result -> afterCommit(event, result));
    }

    private Uni<Result> record(SqlClient conn, JobCompleted event, String topic, StoredImage image) {
        Result planned = image.state() == ImageState.STORED ? Result.STORED : Result.MISSING;
        return inbox.claim(conn, event.eventId(), topic, planned.name().toLowerCase()).flatMap(fresh -> {
            if (!fresh) {
                return Uni.createFrom().item(Result.DUPLICATE_EVENT);
            }
            return images.insert(conn, event.jobId(), event.requestId(), image).flatMap(inserted -> {
                if (!inserted) {
                    return inbox.note(conn, event.eventId(), "already_recorded", "job " + event.jobId())
                            .replaceWith(Result.ALREADY_RECORDED);
                }
                if (planned == Result.MISSING) {
                    return Uni.createFrom().item(Result.MISSING);
                }
                ImageStored stored = ImageStored.of(event.requestId(), event.jobId(), image.bucket(),
                        image.objectKey(), image.sizeBytes(), image.contentType());
                return outbox.append(conn, Topics.IMAGES_STORED, stored).replaceWith(Result.STORED);
            });
        });
    }

    private void afterCommit(JobCompleted event, Result result) {
        switch (result) {
            case STORED -> {
                metrics.counter("horde.storage.images", "state", "stored").increment();
                relay.nudge();
            }
            case MISSING -> {
                metrics.counter("horde.storage.images", "state", "missing").increment();
                LOG.warnf("job %s of request %s was reported %s but %s is not in bucket %s", event.jobId(),
                        event.requestId(), event.outcome(), event.generationKey(), config.buckets().generations());
            }
            default -> {
                // Nothing new was recorded.
            }
        }
    }
}
