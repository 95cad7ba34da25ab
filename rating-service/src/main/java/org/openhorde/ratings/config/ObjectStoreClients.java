package org.openhorde.ratings.config;

import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The MinIO clients: one that talks to the store (the sample dataset's uploads), one that only signs URLs for
 * the public endpoint. The region is set so that signing never asks the store anything.
 */
public class ObjectStoreClients {

    @Produces
    @Singleton
    MinioClient minio(RatingConfig config) {
        return client(config.store().endpoint(), config);
    }

    @Produces
    @Singleton
    @Presigning
    MinioClient presigning(RatingConfig config) {
        return client(config.store().publicEndpoint().orElse(config.store().endpoint()), config);
    }

    private static MinioClient client(String endpoint, RatingConfig config) {
        return MinioClient.builder().endpoint(endpoint).region(config.store().region())
                .credentials(config.store().accessKey(), config.store().secretKey()).build();
    }
}
