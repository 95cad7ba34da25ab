package org.openhorde.storage.service;

import io.minio.http.Method;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.InlineImage;
import org.openhorde.storage.domain.JobIdBatch;
import org.openhorde.storage.domain.StoredImage;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.StoredImageRepository;

/** Generation objects for the gateway: presigned URLs for workers and clients, inline submissions, and lookups. */
@ApplicationScoped
public class GenerationService {

    private final ObjectStore store;
    private final StoredImageRepository images;
    private final Pool pool;
    private final StorageConfig config;

    GenerationService(ObjectStore store, StoredImageRepository images, Pool pool, StorageConfig config) {
        this.store = store;
        this.images = images;
        this.pool = pool;
        this.config = config;
    }

    /** Presigned PUT URLs, in the order of {@code jobIds}: what a worker receives at pop ({@code r2_uploads}). */
    public ObjectUrls uploadUrls(List<UUID> jobIds) {
        return urls(Method.PUT, jobIds);
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
                .flatMap(image -> store.put(config.buckets().generations(), ObjectKeys.generation(jobId),
                        image.bytes(), image.format().contentType()));
    }

    public Uni<StoredImage> find(UUID jobId) {
        return images.find(pool, jobId).map(found -> found.orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No image recorded for job " + jobId)));
    }

    private ObjectUrls urls(Method method, List<UUID> jobIds) {
        JobIdBatch.problem(jobIds).ifPresent(problem -> {
            throw new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of("jobIds", problem)));
        });
        String bucket = config.buckets().generations();
        List<String> urls = jobIds.stream()
                .map(jobId -> store.presign(method, bucket, ObjectKeys.generation(jobId), config.presignedUrlValidity()))
                .toList();
        return new ObjectUrls(urls, (int) config.presignedUrlValidity().toSeconds());
    }
}
