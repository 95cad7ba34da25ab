package org.openhorde.storage.service;

import io.minio.http.Method;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.GenerationImage;
import org.openhorde.contracts.internal.GenerationImages;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.InlineImage;
import org.openhorde.storage.domain.JobIdBatch;
import org.openhorde.storage.domain.StoredImage;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.RetainedObjectRepository;
import org.openhorde.storage.repository.StoredImageRepository;

/**
 * Generation objects for the gateway: presigned URLs for workers and clients, inline submissions, images as base64,
 * and lookups. Every object a worker may write is recorded for the retention sweep before the worker can write it.
 */
@ApplicationScoped
public class GenerationService {

    private final ObjectStore store;
    private final StoredImageRepository images;
    private final RetainedObjectRepository retained;
    private final Pool pool;
    private final StorageConfig config;

    GenerationService(ObjectStore store, StoredImageRepository images, RetainedObjectRepository retained, Pool pool,
                      StorageConfig config) {
        this.store = store;
        this.images = images;
        this.retained = retained;
        this.pool = pool;
        this.config = config;
    }

    /**
     * Presigned PUT URLs, in the order of {@code jobIds}: what a worker receives at pop ({@code r2_uploads}). Their
     * objects are recorded for the retention sweep before any upload can happen, so none is ever forgotten.
     */
    public Uni<ObjectUrls> uploadUrls(List<UUID> jobIds) {
        ObjectUrls urls = urls(Method.PUT, jobIds);
        List<String> keys = jobIds.stream().map(ObjectKeys::generation).toList();
        return pool.withTransaction(conn -> retained.keep(conn, config.buckets().generations(), keys, null, jobIds,
                        config.retention()))
                .replaceWith(urls);
    }

    /** Presigned GET URLs, in the order of {@code jobIds}: what a client receives in a request's status. */
    public ObjectUrls downloadUrls(List<UUID> jobIds) {
        return urls(Method.GET, jobIds);
    }

    /** Stores an image a worker submitted inline, where an upload to its presigned URL would have put it. */
    public Uni<Void> storeInline(UUID jobId, String base64) {
        // Decoding up to 10 MiB is real work: keep it off the event loop, like the upload that follows.
        return Uni.createFrom().item(() -> InlineImage.decode(base64, config.inlineMaxBytes()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // Recorded for the retention sweep first: an object is never written without its row.
                .call(() -> pool.withTransaction(conn -> retained.keep(conn, config.buckets().generations(),
                        List.of(ObjectKeys.generation(jobId)), null, List.of(jobId), config.retention())))
                .flatMap(image -> store.put(config.buckets().generations(), ObjectKeys.generation(jobId),
                        image.bytes(), image.format().contentType()));
    }

    /**
     * The images themselves, for a client that asked for {@code r2: false}: base64 up to the configured size, a
     * presigned URL for a larger one, neither for one that is not stored (never delivered, or already deleted).
     */
    public Uni<GenerationImages> base64(List<UUID> jobIds) {
        checkBatch(jobIds);
        String bucket = config.buckets().generations();
        List<Uni<GenerationImage>> reads = jobIds.stream().map(jobId -> {
            String key = ObjectKeys.generation(jobId);
            return store.stat(bucket, key).flatMap(found -> {
                if (found.isEmpty()) {
                    return Uni.createFrom().item(new GenerationImage(null, null));
                }
                if (found.get().sizeBytes() > config.base64MaxBytes()) {
                    return Uni.createFrom().item(new GenerationImage(null,
                            store.presign(Method.GET, bucket, key, config.presignedUrlValidity())));
                }
                return store.get(bucket, key).map(bytes -> bytes
                        .map(b -> new GenerationImage(Base64.getEncoder().encodeToString(b), null))
                        .orElseGet(() -> new GenerationImage(null, null)));
            });
        }).toList();
        // One at a time: a status call for a 20-image request must not open 20 store connections at once.
        return Uni.join().all(reads).usingConcurrencyOf(1).andFailFast().map(GenerationImages::new);
    }

    public Uni<StoredImage> find(UUID jobId) {
        return images.find(pool, jobId).map(found -> found.orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No image recorded for job " + jobId)));
    }

    private ObjectUrls urls(Method method, List<UUID> jobIds) {
        checkBatch(jobIds);
        String bucket = config.buckets().generations();
        List<String> urls = jobIds.stream()
                .map(jobId -> store.presign(method, bucket, ObjectKeys.generation(jobId), config.presignedUrlValidity()))
                .toList();
        return new ObjectUrls(urls, (int) config.presignedUrlValidity().toSeconds());
    }

    private static void checkBatch(List<UUID> jobIds) {
        JobIdBatch.problem(jobIds).ifPresent(problem -> {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of("jobIds", problem)));
        });
    }
}
