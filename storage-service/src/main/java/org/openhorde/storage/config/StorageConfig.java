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

    /** Source images and masks of img2img and inpainting requests. */
    Sources sources();

    /**
     * How long transient objects (generations, sources) outlive the last activity of their job or request: a
     * source is kept while its request waits, a generation while its client may still fetch it. The AI Horde forgets
     * a request 20 minutes after its last activity; the default leaves a margin. Issuing a presigned URL is
     * activity too, so keep this at least as long as {@link #presignedUrlValidity()}: an upload that comes later
     * than the retention is swept only once its job completes. The gateway signs image pops' URLs itself (decision
     * 0018), so an image request's objects are kept from its arrival ({@code JobSubmitted}) instead of from its pop:
     * keep this longer than job-service's request time to live (20 minutes), so that a request's sources outlive
     * every pop of it. The shared bucket is never swept.
     */
    @WithDefault("30m")
    Duration retention();

    /** How often the retention sweep looks for transient objects whose time is up. */
    @WithDefault("60s")
    Duration retentionSweep();

    /** Most objects deleted per sweep transaction, so that one sweep never holds many row locks for long. */
    @WithDefault("200")
    int retentionBatchSize();

    /**
     * Largest stored image handed out as base64 (a client that asked for {@code r2: false}); a larger one is sent
     * as a presigned URL instead, so that one status call never carries hundreds of megabytes.
     */
    @WithDefault("10485760")
    int base64MaxBytes();

    /** The researchers' manifest of the shared dataset. */
    Export export();

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

    /** Limits of the AI Horde for source images, and how URLs given as sources are fetched. */
    interface Sources {

        /** Largest decoded source image or mask, in bytes (AI Horde: 5 MB for a URL). */
        @WithDefault("5242880")
        int maxBytes();

        /** Longest side of a source image, in pixels (AI Horde: 3072×3072). */
        @WithDefault("3072")
        int maxSide();

        /** How long connecting to a source URL may take (AI Horde: 2 s). */
        @WithDefault("2s")
        Duration connectTimeout();

        /** How long a read on a source URL's connection may stall. */
        @WithDefault("5s")
        Duration readTimeout();

        /** How long fetching one source URL may take in all, redirects included. */
        @WithDefault("15s")
        Duration callTimeout();

        /** Redirects followed per source URL; each target is vetted like the first URL. */
        @WithDefault("3")
        int maxRedirects();

        /**
         * Host names (as written in the URL) fetched even though they resolve to addresses the public-only policy
         * refuses: an operator's own image host on a private network, or a test's local server. Default: none.
         */
        Optional<List<String>> allowedHosts();

        /**
         * A PKCS12 store of certificates trusted for source URLs besides the JVM's own CAs (a private CA, a test's
         * self-signed certificate). Default: the JVM's CAs only.
         */
        Optional<String> trustStore();

        /** The password of {@link #trustStore()}. */
        Optional<String> trustStorePassword();
    }

    /** The incremental JSONL + Parquet manifest of the shared bucket. */
    interface Export {

        /** How often new shared images are appended to the manifest as a new part. */
        @WithDefault("5m")
        Duration interval();

        /** Most rows per part file; a backlog becomes several parts. */
        @WithDefault("10000")
        int partMaxRows();
    }
}
