package org.openhorde.storage.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minio.MinioClient;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.openhorde.storage.config.ObjectStoreClients;
import org.openhorde.kit.storage.ObjectUrlSigner;
import org.openhorde.storage.repository.ObjectStore;

/** Pins that readiness goes DOWN when the S3 store does not answer. */
class ObjectStoreReadinessTest {

    @Test
    void unreachableStoreIsDown() {
        MinioClient nobodyHome = ObjectStoreClients.client("http://127.0.0.1:1", "us-east-1", "key", "secret");
        ObjectStoreReadiness readiness = new ObjectStoreReadiness(new ObjectStore(nobodyHome,
                new ObjectUrlSigner("http://127.0.0.1:1", "us-east-1", "key", "secret")),
                "some-bucket", Duration.ofSeconds(10));
        HealthCheckResponse response = readiness.call().await().atMost(Duration.ofSeconds(20));
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(ObjectStoreReadiness.NAME, response.getName());
    }
}
