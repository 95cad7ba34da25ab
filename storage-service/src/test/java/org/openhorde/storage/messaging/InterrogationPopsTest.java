package org.openhorde.storage.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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
import org.openhorde.contracts.events.InterrogationFormsPopped;
import org.openhorde.storage.TestKafka;
import org.openhorde.storage.config.StorageConfig;

/**
 * Pins what an interrogation pop does to the objects now that the gateway signs its URLs itself (decision 0046):
 * from interrogation-service's {@code InterrogationFormsPopped} over the real broker, the interrogation's source is
 * kept {@code retention} from the pop, and a post-processor's image is recorded for the retention sweep (a form that
 * uploads nothing is not).
 */
@QuarkusTest
class InterrogationPopsTest {

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
    void aPopKeepsTheSourceAndRecordsThePostProcessorsImage() throws Exception {
        UUID interrogationId = UUID.randomUUID();
        String sourceKey = ObjectKeys.sourceImage(interrogationId);
        // A source stored long ago, already due: only the pop's extension can keep it.
        pool.preparedQuery("insert into retained_objects (bucket, object_key, request_id, retain_until)"
                        + " values ($1, $2, $3, now() - interval '1 hour')")
                .execute(Tuple.of(config.buckets().sources(), sourceKey, interrogationId)).await().indefinitely();
        UUID stripped = UUID.randomUUID();
        UUID captioned = UUID.randomUUID();
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);

        kafka.publish(Topics.INTERROGATIONS_FORMS_POPPED, InterrogationFormsPopped.of(UUID.randomUUID(), List.of(
                new InterrogationFormsPopped.Form(stripped, interrogationId, sourceKey, true),
                new InterrogationFormsPopped.Form(captioned, interrogationId, sourceKey, false))));

        Map<String, Row> rows = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> retained(List.of(sourceKey, ObjectKeys.generation(stripped),
                        ObjectKeys.generation(captioned))), found -> found.size() == 2
                        && found.get(sourceKey).getOffsetDateTime("retain_until").isAfter(before));
        Row source = rows.get(sourceKey);
        assertEquals(config.buckets().sources(), source.getString("bucket"));
        assertTrue(!source.getOffsetDateTime("retain_until").isBefore(before.plus(config.retention())),
                "the source kept the retention from the pop: " + source.getOffsetDateTime("retain_until"));
        Row upload = rows.get(ObjectKeys.generation(stripped));
        assertEquals(config.buckets().generations(), upload.getString("bucket"));
        assertEquals(stripped, upload.getUUID("job_id"));
        assertTrue(!upload.getOffsetDateTime("retain_until").isBefore(before.plus(config.retention())),
                "the post-processor's image kept the retention from the pop: "
                        + upload.getOffsetDateTime("retain_until"));
        assertFalse(rows.containsKey(ObjectKeys.generation(captioned)), "a caption uploads no image");
    }

    private Map<String, Row> retained(List<String> keys) {
        Map<String, Row> rows = new HashMap<>();
        pool.preparedQuery("select bucket, object_key, job_id, retain_until from retained_objects"
                        + " where object_key = any($1)")
                .execute(Tuple.of(keys.toArray(String[]::new))).await().indefinitely()
                .forEach(row -> rows.put(row.getString("object_key"), row));
        return rows;
    }
}
