package org.openhorde.storage.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.repository.ObjectStore;

/** Pins that bucket bootstrap creates what is missing, leaves what exists, and survives racing instances. */
@QuarkusTest
class BucketBootstrapTest {

    @Inject
    BucketBootstrap bootstrap;

    @Inject
    ObjectStore store;

    @Inject
    StorageConfig config;

    @Inject
    MinioClient minio;

    @Test
    void configuredBucketsExistAfterStartAndABootstrapAgainCreatesNothing() {
        assertEquals(List.of("test-generations", "test-sources", "test-shared"), config.buckets().all());
        assertEquals(List.of(), bootstrap.ensureBuckets(config.buckets().all()));
        for (String bucket : config.buckets().all()) {
            assertTrue(store.bucketExists(bucket).await().atMost(Duration.ofSeconds(10)), bucket);
        }
    }

    @Test
    void aMissingBucketIsCreatedOnceEvenWhenInstancesRace() throws Exception {
        String bucket = "test-bootstrap-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            List<CompletableFuture<List<String>>> racers = Stream.generate(() ->
                    CompletableFuture.supplyAsync(() -> bootstrap.ensureBuckets(List.of(bucket)))).limit(3).toList();
            long creators = 0;
            for (CompletableFuture<List<String>> racer : racers) {
                creators += racer.get().size();
            }
            assertEquals(1, creators);
            assertEquals(List.of(), bootstrap.ensureBuckets(List.of(bucket)));
            assertTrue(store.bucketExists(bucket).await().atMost(Duration.ofSeconds(10)));
        } finally {
            minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        }
    }

    @Test
    void aNameS3WouldRefuseFailsBeforeTouchingTheStore() {
        assertThrows(IllegalStateException.class, () -> bootstrap.ensureBuckets(List.of("Not_A_Bucket")));
    }
}
