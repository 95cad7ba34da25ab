package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhorde.kudos.KudosTestUsers.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.InterrogationFormCompleted;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.kudos.KudosTestUsers;

/**
 * The interrogation form-completed consumer over the real Kafka broker and PostgreSQL: each form settles once —
 * the requester pays the form's kudos plus the tax, the worker's owner earns the form's kudos — whether the event
 * is redelivered, re-sent under a new event id, or replayed after it was settled.
 */
@QuarkusTest
class InterrogationSettlementOverKafkaTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser(long kudos, boolean trusted) {
        return KudosTestUsers.createUser("alch", kudos, trusted);
    }

    private void publish(InterrogationFormCompleted... events) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            for (InterrogationFormCompleted event : events) {
                companion.produceStrings()
                        .fromRecords(new ProducerRecord<>(topicPrefix + Topics.INTERROGATIONS_FORM_COMPLETED,
                                event.aggregateKey(), json.writeValueAsString(event)))
                        .awaitCompletion(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void eachFormSettlesOnceWhateverIsRedeliveredOrReplayed() throws Exception {
        long requester = createUser(10_000, false);
        // A trusted owner earns the full reward (escrow of untrusted owners is pinned by EscrowAndUptimeTest).
        long owner = createUser(0, true);
        WorkerRef worker = new WorkerRef(UUID.randomUUID(), "alchemist-" + owner, owner);
        UUID interrogation = UUID.randomUUID();

        // A caption (1 kudos + 1 tax) delivered: the same event twice, then the same form under a new event id.
        InterrogationFormCompleted caption = InterrogationFormCompleted.of(UUID.randomUUID(), interrogation,
                "caption", "done", requester, worker, 100, 100);
        InterrogationFormCompleted captionAgain = InterrogationFormCompleted.of(caption.formId(), interrogation,
                "caption", "done", requester, worker, 100, 100);
        // An interrogation form (3 kudos + 1 tax + 1 for slow_workers) cancelled while processing: paid as well. It
        // shares the key, so it is consumed after the duplicates: the sentinel.
        InterrogationFormCompleted tags = InterrogationFormCompleted.of(UUID.randomUUID(), interrogation,
                "interrogation", "cancelled", requester, worker, 300, 200);
        publish(caption, caption, captionAgain, tags);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 400);
        assertEquals(10_000 - 200 - 500, balance(requester));

        // Replayed after settlement (a consumer rewinding its offsets): nothing moves. An nsfw form is the sentinel.
        InterrogationFormCompleted nsfw = InterrogationFormCompleted.of(UUID.randomUUID(), interrogation, "nsfw",
                "done", requester, worker, 100, 100);
        publish(caption, captionAgain, tags, nsfw);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 500);
        assertEquals(10_000 - 200 - 500 - 200, balance(requester));
        given().get("/internal/users/" + requester).then().body("kudosDetails.accumulated", equalTo(-900));
        given().get("/internal/users/" + owner).then().body("kudosDetails.accumulated", equalTo(500));
        given().get("/internal/ledger/invariant").then()
                .body("holds", equalTo(true))
                .body("duplicateSettlements", equalTo(0));
    }
}
