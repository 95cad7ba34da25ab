package org.openhorde.storage.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openhorde.kit.storage.ObjectUrlSigner;
import org.openhorde.storage.repository.ObjectStore;

/** Pins that presigning is local: a client that knows its region signs URLs even when no store answers. */
class ObjectStoreClientsTest {

    @Test
    void presigningNeedsNoRoundTripToTheStore() {
        MinioClient nobodyHome = ObjectStoreClients.client("http://127.0.0.1:1", "us-east-1", "key", "secret");
        ObjectStore store = new ObjectStore(nobodyHome,
                new ObjectUrlSigner("http://127.0.0.1:1", "us-east-1", "key", "secret"));
        String url = store.presign(Method.PUT, "some-bucket", "job.webp", Duration.ofSeconds(1800));
        assertTrue(url.startsWith("http://127.0.0.1:1/some-bucket/job.webp?"), url);
        assertTrue(url.contains("X-Amz-Expires=1800"), url);
        assertTrue(url.contains("%2Fus-east-1%2Fs3%2F"), url);
    }
}
