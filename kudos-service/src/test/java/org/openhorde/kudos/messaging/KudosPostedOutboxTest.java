package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.kudos.KudosTestUsers;

/**
 * Pins the transactional outbox: every ledger event reaches {@code horde.kudos.posted} as one fat KudosPosted whose
 * postings are the ledger's (so a read model can rebuild balances from the topic alone), keyed by the event id.
 */
@QuarkusTest
class KudosPostedOutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser(long kudos) {
        return KudosTestUsers.createUser("outbox", kudos, false);
    }

    @Test
    void everyLedgerEventOfAUserIsPublishedWithItsPostings() throws Exception {
        long alice = createUser(10_000);
        long bob = createUser(0);
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON)
                    .body("{\"fromUserId\":" + alice + ",\"target\":\"bob#" + bob + "\",\"amount\":2500,"
                            + "\"idempotencyKey\":\"" + key + "\"}")
                    .post("/internal/kudos/transfers").then().statusCode(200);
        }
        String aliceAccount = "user:" + alice;
        String bobAccount = "user:" + bob;

        // Alice's opening grant and the transfer (one ledger event, despite the retried request). Delivery is at least
        // once, so a reader dedupes by event id, as any read model must.
        List<JsonNode> events = awaitEvents(e -> touches(e, aliceAccount), 2);
        events.sort(Comparator.comparing(e -> e.path("kind").asText()));
        assertEquals(List.of("admin_grant", "transfer"), events.stream().map(e -> e.path("kind").asText()).toList());
        Map<String, Long> rebuilt = new HashMap<>();
        for (JsonNode event : events) {
            assertEquals("KudosPosted", event.path("type").asText());
            long sum = 0;
            for (JsonNode posting : event.path("postings")) {
                sum += posting.path("amount").asLong();
                rebuilt.merge(posting.path("account").asText(), posting.path("amount").asLong(), Long::sum);
            }
            assertEquals(0, sum, "every published event is balanced");
        }
        assertEquals(7_500, rebuilt.get(aliceAccount), "the topic alone rebuilds the balance");
        assertEquals(2_500, rebuilt.get(bobAccount));
        JsonNode transfer = events.get(1);
        assertEquals("gifted", categoryOf(transfer, aliceAccount));
        assertEquals("received", categoryOf(transfer, bobAccount));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/internal/ledger/invariant").then().body("unpublishedEvents", equalTo(0)));
    }

    @Test
    void publishedEventsAreCountedUnderTheServicesMetricName() {
        createUser(1_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/internal/ledger/invariant").then().body("unpublishedEvents", equalTo(0)));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher published = Pattern.compile("(?m)^horde_kudos_outbox_published_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        assertTrue(published.find(), "the counter is exported as horde_kudos_outbox_published_total");
        assertTrue(Double.parseDouble(published.group(1)) >= 1, "at least this user's opening grant was counted");
    }

    private static boolean touches(JsonNode event, String account) {
        for (JsonNode posting : event.path("postings")) {
            if (account.equals(posting.path("account").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String categoryOf(JsonNode event, String account) {
        for (JsonNode posting : event.path("postings")) {
            if (account.equals(posting.path("account").asText())) {
                return posting.path("category").asText();
            }
        }
        return null;
    }

    /** Reads the topic from the beginning, as an outside read model would, until {@code count} distinct events matched. */
    private List<JsonNode> awaitEvents(Predicate<JsonNode> wanted, int count) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kudos-posted-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, JsonNode> matches = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topicPrefix + "horde.kudos.posted"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    JsonNode event = JSON.readTree(record.value());
                    assertEquals(event.path("eventId").asText(), record.key(), "keyed by the ledger event id");
                    if (wanted.test(event)) {
                        matches.putIfAbsent(event.path("eventId").asText(), event);
                    }
                }
                if (matches.size() >= count) {
                    break;
                }
            }
        }
        return new ArrayList<>(matches.values());
    }
}
