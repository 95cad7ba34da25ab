package org.openhorde.gateway.client;

import io.minio.http.Method;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.gateway.config.ObjectStoreConfig;
import org.openhorde.kit.storage.ObjectUrlSigner;

/**
 * The presigned URLs of a pop (where the worker uploads each image, where it fetches the request's sources) and of a
 * status (where the client downloads each image), signed here rather than asked of storage-service: a signature is
 * local computation, and a pop with one internal hop instead of two costs the gateway a whole HTTP exchange less
 * (decision 0018). storage-service still owns the objects: it records every generation key for its retention sweep
 * when it learns of the request ({@code JobSubmitted}), and keeps the sources while the request can be popped.
 */
@Startup
@ApplicationScoped
public class PresignedUrls {

    private final ObjectUrlSigner signer;
    private final ObjectStoreConfig config;

    PresignedUrls(ObjectStoreConfig config) {
        this.config = config;
        this.signer = new ObjectUrlSigner(config.signedEndpoint(), config.region(), config.accessKey(),
                config.secretKey());
        // Created and used once at start (@Startup): the MinIO client loads some hundred classes on its first
        // signature, which blocked the first pop's event loop for seconds on a loaded machine (ReferenceWorkerIT).
        signer.sign(Method.GET, config.buckets().generations(), "warm-up.webp", config.presignedUrlValidity());
    }

    /** Where each job's image goes, in job order ({@code r2_uploads}). */
    public ObjectUrls uploads(List<UUID> jobIds) {
        return generations(Method.PUT, jobIds);
    }

    /** Where each finished image can be fetched, in job order (a status's {@code img}). */
    public ObjectUrls downloads(List<UUID> jobIds) {
        return generations(Method.GET, jobIds);
    }

    /** Where the worker that popped a request fetches its source image, mask and extra source images. */
    public SourceUrls sources(SourceKeys keys) {
        String mask = keys.maskKey() == null ? null : source(keys.maskKey());
        List<String> extras = keys.extraKeys().stream().map(this::source).toList();
        return new SourceUrls(source(keys.imageKey()), mask, validitySeconds(), extras);
    }

    private ObjectUrls generations(Method method, List<UUID> jobIds) {
        String bucket = config.buckets().generations();
        List<String> urls = jobIds.stream()
                .map(jobId -> signer.sign(method, bucket, ObjectKeys.generation(jobId), config.presignedUrlValidity()))
                .toList();
        return new ObjectUrls(urls, validitySeconds());
    }

    private String source(String key) {
        return signer.sign(Method.GET, config.buckets().sources(), key, config.presignedUrlValidity());
    }

    private int validitySeconds() {
        return (int) config.presignedUrlValidity().toSeconds();
    }
}
