package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhorde.kudos.KudosTestUsers.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.RaterSnapshot;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.kudos.KudosTestUsers;

/**
 * Pins rating awards over the real broker: an accepted rating's reward is minted from the treasury into the rater's
 * balance and {@code kudos_details.awarded} exactly once per rating id (a replay, or the same rating re-announced
 * under a new event id, pays nothing more); excluded ratings and anonymous raters are paid nothing.
 */
@QuarkusTest
class RatingAwardOverKafkaTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser() {
        return KudosTestUsers.createUser("rater", 0, false);
    }

    private static RatingRecorded rating(UUID ratingId, long userId, String decision, long reward) {
        RaterSnapshot rater = new RaterSnapshot(0, 60, 0, 0, false, "test:1:test", null, 0);
        return new RatingRecorded(UUID.randomUUID(), RatingRecorded.TYPE, RatingRecorded.VERSION, Instant.now(),
                ratingId, UUID.randomUUID(), UUID.randomUUID(), userId, 7, 2, decision, "test", reward, rater);
    }

    private void publish(RatingRecorded... events) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            for (RatingRecorded event : events) {
                // One key for all, so they are consumed in this order.
                companion.produceStrings()
                        .fromRecords(new ProducerRecord<>(topicPrefix + Topics.RATINGS_RECORDED, "award-test",
                                json.writeValueAsString(event)))
                        .awaitCompletion(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void anAcceptedRatingIsPaidOnceWhateverTheReplays() throws Exception {
        long rater = createUser();
        UUID ratingId = UUID.randomUUID();
        RatingRecorded accepted = rating(ratingId, rater, "accepted", 1000);
        RatingRecorded reannounced = rating(ratingId, rater, "accepted", 1000);
        RatingRecorded excluded = rating(UUID.randomUUID(), rater, "excluded", 0);
        RatingRecorded anonymous = rating(UUID.randomUUID(), 0, "accepted", 500);
        // The marker: a second, distinct accepted rating, published last on the same key.
        RatingRecorded marker = rating(UUID.randomUUID(), rater, "accepted", 500);
        publish(accepted, accepted, reannounced, excluded, anonymous, marker);

        await().atMost(Duration.ofSeconds(30)).until(() -> user(rater).getLong("kudos") >= 1500);
        JsonPath account = user(rater);
        assertEquals(1500, account.getLong("kudos"), "10 kudos once for the rating with artifacts, 5 for the marker");
        assertEquals(1500, account.getLong("kudosDetails.awarded"));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }
}
