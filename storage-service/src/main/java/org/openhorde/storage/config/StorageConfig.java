package org.openhorde.storage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where the storage-service keeps image bytes (any S3 store) and how it hands them out. */
@ConfigMapping(prefix = "horde.storage")
public interface StorageConfig {

    /** The S3 endpoint this service talks to, e.g. {@code http://127.0.0.1:9000}. */
    String endpoint();

    /**
     * The base URL put into presigned URLs, as workers and clients reach the store (a public host name in front of
     * an internal endpoint). Absent: {@link #endpoint()}.
     */
    Optional<String> publicEndpoint();

    String accessKey();

    String secretKey();

    /** Set explicitly so that presigning never asks the store for a bucket's region. */
    @WithDefault("us-east-1")
    String region();

    Buckets buckets();

    /** How long a presigned URL stays valid (AI Horde: 1800 s). */
    @WithDefault("1800s")
    Duration presignedUrlValidity();

    /** Largest decoded image a worker may submit inline (base64), in bytes. */
    @WithDefault("10485760")
    int inlineMaxBytes();

    /** How long connecting to the store may take before a call fails (and is retried by its caller). */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long a read or write on an open connection may stall; generous, since an upload is up to 10 MiB. */
    @WithDefault("60s")
    Duration ioTimeout();

    /** How long the readiness check waits for the store before reporting it DOWN. */
    @WithDefault("3s")
    Duration healthTimeout();

    /**
     * How often the outbox relay looks for unpublished events that a nudge after commit did not publish (a failed
     * send, a restart). The Quarkus scheduler does not run jobs more often than once a second.
     */
    @WithDefault("1s")
    Duration outboxPoll();

    /** Most outbox rows published per relay transaction. */
    @WithDefault("100")
    int outboxBatchSize();

    /** Bucket names; S3 wants them lowercase, 3-63 characters. */
    interface Buckets {

        /** Finished images, {@code <job id>.webp}. */
        @WithDefault("${horde.env}-generations")
        String generations();

        /** Source images and masks of img2img and inpainting requests. */
        @WithDefault("${horde.env}-sources")
        String sources();

        /** The shared dataset: images their requesters agreed to share, with metadata sidecars. */
        @WithDefault("${horde.env}-shared")
        String shared();

        default List<String> all() {
            return List.of(generations(), sources(), shared());
        }
    }
}
