package org.openhorde.storage.config;

import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The MinIO clients. The region is always set, because a client that knows its region signs URLs locally instead
 * of asking the store for the bucket's location on each URL. A presigned URL carries its host in the signature, so
 * URLs for workers are signed by a second client on the public endpoint when that differs.
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

    @Produces
    @Singleton
    @Presigning
    MinioClient presigning(StorageConfig config, MinioClient minio) {
        return config.publicEndpoint()
                .filter(publicEndpoint -> !publicEndpoint.equals(config.endpoint()))
                .map(publicEndpoint -> client(publicEndpoint, config.region(), config.accessKey(), config.secretKey()))
                .orElse(minio);
    }

    public static MinioClient client(String endpoint, String region, String accessKey, String secretKey) {
        return MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
    }
}
