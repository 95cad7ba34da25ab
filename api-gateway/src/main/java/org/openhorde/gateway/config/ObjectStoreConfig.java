package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * What the gateway needs of storage-service's settings to sign the URLs of a pop or a status itself: the same
 * {@code horde.storage.*} keys (and {@code HORDE_STORAGE_*} variables) storage-service reads, so that both sign for the
 * same store, buckets and validity. The gateway never connects to the store.
 */
@ConfigMapping(prefix = "horde.storage")
public interface ObjectStoreConfig {

    /** The S3 endpoint storage-service talks to; the URLs name it unless {@link #publicEndpoint()} is set. */
    String endpoint();

    /** The base URL workers and clients reach the store at, when it differs from {@link #endpoint()}. */
    Optional<String> publicEndpoint();

    String accessKey();

    String secretKey();

    /** Set explicitly so that signing never asks the store for a bucket's region. */
    @WithDefault("us-east-1")
    String region();

    /** How long a presigned URL stays valid (AI Horde: 1800 s). */
    @WithDefault("1800s")
    Duration presignedUrlValidity();

    Buckets buckets();

    /** The buckets storage-service keeps generations and sources in (its defaults). */
    interface Buckets {

        @WithDefault("${horde.env}-generations")
        String generations();

        @WithDefault("${horde.env}-sources")
        String sources();
    }

    /** Where the URLs point: the public endpoint when one is set, else the services' own. */
    default String signedEndpoint() {
        return publicEndpoint().filter(url -> !url.isBlank()).orElse(endpoint());
    }
}
