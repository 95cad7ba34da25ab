package org.openhorde.storage.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageStored;
import org.openhorde.contracts.events.ImagesShared;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.ImageState;
import org.openhorde.storage.domain.ManifestRow;
import org.openhorde.storage.domain.RequesterProfile;
import org.openhorde.storage.domain.SharedImageMetadata;
import org.openhorde.storage.domain.StoredImage;
import org.openhorde.storage.domain.UserType;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.RequestRepository;
import org.openhorde.storage.repository.RetainedObjectRepository;
import org.openhorde.storage.repository.SharedImageRepository;
import org.openhorde.storage.repository.StoredImageRepository;

/**
 * What happens to a completed job's image: verifies that a delivered image really is in the generations bucket,
 * records what it found and announces it ({@link ImageStored}); when the request is shared, copies the image into the
 * shared bucket with its metadata sidecar and announces that too ({@link ImagesShared}); and keeps the request's
 * transient objects for the retention. Exactly once per event (inbox) and per job (job id keys).
 *
 * <p>The store is written before the transaction that records it: a crash in between leaves a copy that the replay
 * writes again (same key, same bytes), never a record without its object.
 */
@ApplicationScoped
public class ImageVerificationService {

    private static final Logger LOG = Logger.getLogger(ImageVerificationService.class);

    /** What happened to one completed-job event. */
    public enum Result { STORED, SHARED, MISSING, IGNORED, DUPLICATE_EVENT, ALREADY_RECORDED }

    /** What the store showed before the transaction: the image, and its shared copy when there is one. */
    private record Findings(StoredImage image, ManifestRow shared) {
    }

    private final Pool pool;
    private final ObjectStore store;
    private final InboxRepository inbox;
    private final StoredImageRepository images;
    private final RequestRepository requests;
    private final SharedImageRepository sharedImages;
    private final RetainedObjectRepository retained;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final StorageConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    ImageVerificationService(Pool pool, ObjectStore store, InboxRepository inbox, StoredImageRepository images,
                             RequestRepository requests, SharedImageRepository sharedImages,
                             RetainedObjectRepository retained, OutboxRepository outbox, OutboxRelay relay,
                             StorageConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.images = images;
        this.requests = requests;
        this.sharedImages = sharedImages;
        this.retained = retained;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Whether a completed job's image goes to the shared dataset. The event's {@code shared} is the rule the
     * gateway applied (requested or anonymous, never with a source image); a source image is checked again here,
     * because a personal photo must never reach the public bucket, whatever an event says.
     */
    private static boolean shares(JobCompleted event) {
        return event.shared() && event.outcome().delivered() && event.spec() != null
                && !event.spec().hasSourceImage();
    }

    /**
     * Called on a Vert.x context (a Kafka consumer's): the store is asked on worker threads, and the database work
     * comes back to this context.
     */
    public Uni<Result> verify(JobCompleted event, String topic) {
        if (!event.outcome().delivered() || event.generationKey() == null) {
            // Whatever a worker may have uploaded for a job that ended without delivery is swept like the rest.
            String key = ObjectKeys.generation(event.jobId());
            return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic, "ignored")
                    .call(fresh -> !fresh ? Uni.createFrom().voidItem()
                            : retained.keepWithRequest(conn, config.buckets().generations(), List.of(key),
                                    event.requestId(), event.jobId(), config.retention()))
                    .map(fresh -> fresh ? Result.IGNORED : Result.DUPLICATE_EVENT));
        }
        return images.handled(pool, event.eventId(), event.jobId())
                .flatMap(handled -> handled
                        // The transaction below finds the event or the job and changes nothing: no store call.
                        ? Uni.createFrom().item(new Findings(null, null))
                        : findings(event))
                .flatMap(findings -> pool.withTransaction(conn -> record(conn, event, topic, findings)))
                .invoke(result -> afterCommit(event, result));
    }

    private Uni<Findings> findings(JobCompleted event) {
        String bucket = config.buckets().generations();
        return store.stat(bucket, event.generationKey())
                .map(found -> found.map(object -> StoredImage.stored(bucket, event.generationKey(), object))
                        .orElseGet(() -> StoredImage.missing(bucket, event.generationKey())))
                .flatMap(image -> image.state() == ImageState.STORED && shares(event)
                        ? share(event, image).map(row -> new Findings(image, row))
                        : Uni.createFrom().item(new Findings(image, null)));
    }

    /** Copies the image into the shared bucket (inside the store) and writes its sidecar next to it. */
    private Uni<ManifestRow> share(JobCompleted event, StoredImage image) {
        String shared = config.buckets().shared();
        String imageKey = event.generationKey();
        String sidecarKey = ObjectKeys.sharedSidecar(event.jobId());
        return requests.find(pool, event.requestId())
                .map(found -> found.orElseGet(() -> profileFromEvent(event)))
                .flatMap(profile -> {
                    SharedImageMetadata metadata = SharedImageMetadata.of(event, profile);
                    byte[] sidecar = sidecar(metadata);
                    return store.copy(image.bucket(), imageKey, shared, imageKey)
                            .chain(() -> store.put(shared, sidecarKey, sidecar, "application/json"))
                            .replaceWith(new ManifestRow(metadata, imageKey, sidecarKey, image.contentType()));
                });
    }

    /**
     * The request's requester snapshot comes from horde.jobs.submitted, which this service reads on another
     * consumer. While the request is young, a missing snapshot means that consumer has not got to it yet: fail, and
     * the retry finds it. Once the request is older than the retention it will never come (it was forgotten, or
     * came before this service recorded requests): share with what the event itself knows.
     */
    private RequesterProfile profileFromEvent(JobCompleted event) {
        Instant occurred = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        if (occurred.isAfter(Instant.now().minus(config.retention()))) {
            throw new IllegalStateException("request " + event.requestId() + " is not recorded yet");
        }
        LOG.warnf("sharing job %s without the requester snapshot of request %s", event.jobId(), event.requestId());
        return new RequesterProfile(UserType.of(event.requester()), event.requester().imagesRequested(), null);
    }

    private Uni<Result> record(SqlClient conn, JobCompleted event, String topic, Findings findings) {
        StoredImage image = findings.image();
        Result planned = image == null ? Result.ALREADY_RECORDED
                : image.state() == ImageState.MISSING ? Result.MISSING
                : findings.shared() != null ? Result.SHARED : Result.STORED;
        return inbox.claim(conn, event.eventId(), topic, planned.name().toLowerCase()).flatMap(fresh -> {
            if (!fresh) {
                return Uni.createFrom().item(Result.DUPLICATE_EVENT);
            }
            if (image == null) {
                return inbox.note(conn, event.eventId(), "already_recorded", "job " + event.jobId())
                        .replaceWith(Result.ALREADY_RECORDED);
            }
            return images.insert(conn, event.jobId(), event.requestId(), image).flatMap(inserted -> {
                if (!inserted) {
                    return inbox.note(conn, event.eventId(), "already_recorded", "job " + event.jobId())
                            .replaceWith(Result.ALREADY_RECORDED);
                }
                // Any completed job is activity of its request: its sources and its record are kept longer too.
                Uni<Void> kept = retained.keepWithRequest(conn, image.bucket(), List.of(image.objectKey()),
                        event.requestId(), event.jobId(), config.retention());
                if (planned == Result.MISSING) {
                    return kept.replaceWith(Result.MISSING);
                }
                ImageStored stored = ImageStored.of(event.requestId(), event.jobId(), image.bucket(),
                        image.objectKey(), image.sizeBytes(), image.contentType());
                Uni<Void> announced = kept.chain(() -> outbox.append(conn, Topics.IMAGES_STORED, stored));
                if (planned == Result.STORED) {
                    return announced.replaceWith(Result.STORED);
                }
                return announced.chain(() -> recordShared(conn, event, findings.shared()));
            });
        });
    }

    private Uni<Result> recordShared(SqlClient conn, JobCompleted event, ManifestRow row) {
        return sharedImages.insert(conn, row).flatMap(inserted -> {
            if (!inserted) {
                return Uni.createFrom().item(Result.STORED);
            }
            ImagesShared shared = ImagesShared.of(event.requestId(), event.jobId(), config.buckets().shared(),
                    row.imageKey(), row.sidecarKey(), row.contentType(), event.model(), row.metadata().censored());
            return outbox.append(conn, Topics.IMAGES_SHARED, shared).replaceWith(Result.SHARED);
        });
    }

    private byte[] sidecar(SharedImageMetadata metadata) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a metadata record always serialises", e);
        }
    }

    private void afterCommit(JobCompleted event, Result result) {
        switch (result) {
            case STORED, SHARED -> {
                metrics.counter("horde.storage.images", "state", "stored").increment();
                if (result == Result.SHARED) {
                    metrics.counter("horde.storage.images.shared").increment();
                }
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
