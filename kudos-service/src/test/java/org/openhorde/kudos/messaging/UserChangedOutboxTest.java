package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Pins that every trust change reaches {@code horde.users.changed} as a {@code UserChanged} keyed by the user (the
 * gateways' key caches evict on it), from the outbox, one per change.
 */
@QuarkusTest
class UserChangedOutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    @Test
    void aTrustChangeIsAnnouncedForTheUser() throws Exception {
        String name = "changed" + UUID.randomUUID().toString().substring(0, 8);
        Integer id = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"kudos\":0,\"createdByUserId\":1}")
                .post("/internal/users").then().statusCode(201).extract().path("id");
        for (boolean trusted : List.of(true, false)) {
            given().contentType(ContentType.JSON).body("{\"trusted\":" + trusted + ",\"byUserId\":1}")
                    .put("/internal/users/" + id + "/trust").then().statusCode(200);
        }

        List<JsonNode> changes = awaitChanges("user:" + id, 2);
        assertEquals(2, changes.size(), "one event per change: " + changes);
        for (JsonNode change : changes) {
            assertEquals("UserChanged", change.path("type").asText());
            assertEquals(id.longValue(), change.path("userId").asLong());
            assertEquals("trust", change.path("change").asText());
        }
    }

    private List<JsonNode> awaitChanges(String key, int count) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "users-changed-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JsonNode> matches = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topicPrefix + "horde.users.changed"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && matches.size() < count) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (key.equals(record.key())) {
                        matches.add(JSON.readTree(record.value()));
                    }
                }
            }
            // Anything more (a duplicate would be harmless to the gateway, but the outbox writes one per change).
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    matches.add(JSON.readTree(record.value()));
                }
            }
        }
        return matches;
    }
}
