package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.gateway.service.VerifiedKeys;

/**
 * Pins that the gateway authenticates a key with kudos-service (stubbed over HTTP) once and then answers from its
 * cache, and that a {@code UserChanged} event on real Kafka evicts exactly that user, so the next call asks again.
 */
@QuarkusTest
@WithTestResource(InternalServicesStub.class)
class VerifiedKeyCacheTest {

    @Inject
    VerifiedKeys keys;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
        // The cache serves only once the listener holds its positions on the topic.
        await().atMost(Duration.ofSeconds(30)).until(keys::serving);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void aKeyIsVerifiedOnceThenServedFromTheCache() {
        String key = stubKey(newUserId());
        for (int i = 0; i < 5; i++) {
            dryRun(key);
        }
        assertEquals(1, authentications(key));
    }

    @Test
    void aUserChangedEventMakesTheNextCallAuthenticateAgain() throws Exception {
        long userId = newUserId();
        long bystanderId = newUserId();
        String key = stubKey(userId);
        String bystander = stubKey(bystanderId);
        dryRun(key);
        dryRun(bystander);

        publish(UserChanged.of(userId, UserChanged.TRUST));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            dryRun(key);
            return authentications(key) == 2;
        });
        dryRun(bystander);
        assertEquals(1, authentications(bystander), "another user's entry survives the event");
    }

    @Test
    void anUnknownKeyIsNeverCached() {
        String unknown = "not-a-stub-key-" + newUserId();
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).header("apikey", unknown).body(DRY_RUN)
                    .post("/api/v2/generate/async").then().statusCode(401);
        }
        assertEquals(3, authentications(unknown));
    }

    private static final String DRY_RUN = """
            {"prompt":"a lighthouse on a cliff at dusk","params":{"n":1},"dry_run":true}""";

    private static void dryRun(String key) {
        given().contentType(ContentType.JSON).header("apikey", key).body(DRY_RUN)
                .post("/api/v2/generate/async").then().statusCode(200);
    }

    private void publish(UserChanged event) throws Exception {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topicPrefix + Topics.USERS_CHANGED,
                event.aggregateKey(), json.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(10));
    }

    private static int authentications(String key) {
        AtomicInteger count = InternalServicesStub.AUTHENTICATIONS.get(key);
        return count == null ? 0 : count.get();
    }

    private static String stubKey(long userId) {
        return "stub:" + userId + ":100000:5";
    }

    private static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }
}
