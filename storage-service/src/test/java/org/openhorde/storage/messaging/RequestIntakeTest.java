package org.openhorde.storage.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.storage.TestKafka;
import org.openhorde.storage.config.StorageConfig;

/**
 * Pins that storage-service records every image a request may get for the retention sweep as soon as it learns of the
 * request over the real broker: the gateway signs the pop's upload URLs itself (decision 0018), so no pop tells this
 * service which objects a worker is about to write.
 */
@QuarkusTest
class RequestIntakeTest {

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Inject
    StorageConfig config;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private TestKafka kafka;

    @BeforeEach
    void open() {
        kafka = new TestKafka(json, topicPrefix);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void everyImageOfARequestIsKeptFromItsArrival() throws Exception {
        UUID requestId = UUID.randomUUID();
        List<UUID> jobIds = List.of(UUID.randomUUID(), UUID.randomUUID());
        ImageParams params = new ImageParams("k_euler", new BigDecimal("7"), null, null, 512, 512, 20, 2,
                "1", null, false, false, false, null, null, List.of(), List.of(), List.of(), null, false, false,
                false);
        ImageRequestSpec spec = new ImageRequestSpec("a kept prompt", params, List.of("stable_diffusion"), false,
                false, false, true, List.of(), false, true, false, "img2img", null, null, true, false, false, null);
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        kafka.publish(Topics.JOBS_SUBMITTED, JobSubmitted.of(requestId,
                new Requester(44, "keeper#44", false, false, 1_000), spec, jobIds, 1000, 300, false, "intake:1:me"));

        Map<String, Row> rows = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> retained(requestId), found -> found.size() == 2);
        for (UUID jobId : jobIds) {
            Row row = rows.get(ObjectKeys.generation(jobId));
            assertEquals(config.buckets().generations(), row.getString("bucket"), jobId.toString());
            assertEquals(jobId, row.getUUID("job_id"));
            assertTrue(row.getOffsetDateTime("retain_until").isAfter(before.plus(config.retention())),
                    "kept the retention from the request's arrival: " + row.getOffsetDateTime("retain_until"));
        }
    }

    private Map<String, Row> retained(UUID requestId) {
        Map<String, Row> rows = new HashMap<>();
        pool.preparedQuery("select bucket, object_key, job_id, retain_until from retained_objects where request_id = $1")
                .execute(Tuple.of(requestId)).await().indefinitely()
                .forEach(row -> rows.put(row.getString("object_key"), row));
        return rows;
    }
}
