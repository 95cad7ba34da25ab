package org.openhorde.storage.config;

import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.openhorde.kit.storage.ObjectUrlSigner;

/**
 * The MinIO clients. The region is always set, because a client that knows its region signs URLs locally instead
 * of asking the store for the bucket's location on each URL. A presigned URL carries its host in the signature, so
 * URLs for workers are signed for the public endpoint when one is set.
 */
public class ObjectStoreClients {

    @Produces
    @Singleton
    MinioClient minio(StorageConfig config) {
        MinioClient client = client(config.endpoint(), config.region(), config.accessKey(), config.secretKey());
        client.setTimeout(config.connectTimeout().toMillis(), config.ioTimeout().toMillis(),
                config.ioTimeout().toMillis());
        return client;
    }

    /** Signs for the public endpoint when one is set: the gateway signs pops' URLs with the same class and keys. */
    @Produces
    @Singleton
    ObjectUrlSigner presigning(StorageConfig config) {
        String endpoint = config.publicEndpoint().filter(url -> !url.isBlank()).orElse(config.endpoint());
        return new ObjectUrlSigner(endpoint, config.region(), config.accessKey(), config.secretKey());
    }

    public static MinioClient client(String endpoint, String region, String accessKey, String secretKey) {
        return MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
    }
}
