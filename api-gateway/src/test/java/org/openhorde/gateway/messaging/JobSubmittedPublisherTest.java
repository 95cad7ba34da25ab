package org.openhorde.gateway.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;

/**
 * Pins the hand-off of an accepted request to the real Kafka broker: publishing completes on the broker's ack, the
 * record is keyed by the request id with the contract's JSON, and the gateway's own consumer then creates the
 * request's read model (as after a crash between the ack and the Redis write).
 */
@QuarkusTest
class JobSubmittedPublisherTest {

    @Inject
    JobSubmittedPublisher publisher;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    @Test
    void anAcknowledgedRequestIsOnTheTopicAndBecomesReadable() throws Exception {
        UUID requestId = UUID.randomUUID();
        List<UUID> jobIds = List.of(UUID.randomUUID(), UUID.randomUUID());
        JobSubmitted event = JobSubmitted.of(requestId, new Requester(9, "publisher#9", false, true, 5_000),
                GenerationInputRules.toSpec(new GenerationInput("a lighthouse", null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null), UUID.randomUUID()),
                jobIds, 650, 300, false, "publisher-test:1:me");

        publisher.publish(event).await().atMost(Duration.ofSeconds(30));

        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            ConsumerTask<String, String> consumed = kafka.consumeStrings()
                    .withGroupId("publisher-test-" + UUID.randomUUID())
                    .withOffsetReset(OffsetResetStrategy.EARLIEST)
                    .fromTopics(topicPrefix + Topics.JOBS_SUBMITTED,
                            records -> records.select().where(r -> requestId.toString().equals(r.key()))
                                    .select().first());
            ConsumerRecord<String, String> record = consumed.awaitCompletion(Duration.ofSeconds(30)).getFirstRecord();
            JsonNode value = json.readTree(record.value());
            assertEquals("JobSubmitted", value.get("type").asText());
            assertEquals(requestId.toString(), value.get("requestId").asText());
            assertEquals(2, value.get("jobIds").size());
            assertEquals(650, value.get("pricePerImage").asLong());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200).body("waiting", equalTo(2)).body("done", equalTo(false)));
    }
}
