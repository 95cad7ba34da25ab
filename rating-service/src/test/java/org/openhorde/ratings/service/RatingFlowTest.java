package org.openhorde.ratings.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImagesShared;
import org.openhorde.ratings.domain.SampleImages;

/**
 * Pins the rating path over the real broker, PostgreSQL and S3: a shared image (ImagesShared) becomes rateable
 * once however often it is replayed; a rating is stored with its rater snapshot and decision and announced on
 * {@code horde.ratings.recorded} (always) and {@code horde.ratings.export} (accepted, rater hashed); a second rating
 * of the same image by the same rater is excluded and unpaid; malformed ratings are 400s; the sample dataset is made
 * once and its URLs serve the picture.
 */
@QuarkusTest
class RatingFlowTest {

    @Inject
    ObjectMapper json;

    @Inject
    SampleDataset sample;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private void share(ImagesShared event) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            companion.produceStrings()
                    .fromRecords(new ProducerRecord<>(topicPrefix + Topics.IMAGES_SHARED, event.aggregateKey(),
                            json.writeValueAsString(event)))
                    .awaitCompletion(Duration.ofSeconds(30));
        }
    }

    private static Map<String, Object> rater(long id, String name) {
        return Map.ofEntries(Map.entry("id", id), Map.entry("username", name), Map.entry("anonymous", false),
                Map.entry("pseudonymous", false), Map.entry("trusted", true), Map.entry("moderator", false),
                Map.entry("admin", false), Map.entry("kudos", 12_345), Map.entry("concurrency", 30),
                Map.entry("kudosDetails", Map.of()),
                Map.entry("records", Map.of("usagePixelsteps", 0, "contributionPixelsteps", 0,
                        "imagesRequested", 42, "imagesFulfilled", 0)),
                Map.entry("createdAt", Instant.now().minusSeconds(3600).toString()), Map.entry("evaluatingKudos", 0));
    }

    /** The records on {@code topic} whose key is {@code imageId}, read from the start (this test's image only). */
    private List<JsonNode> eventsOf(String topic, UUID imageId, int atLeast) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                found.clear();
                for (ConsumerRecord<String, String> record : companion.consumeStrings()
                        .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                        .fromTopics(topicPrefix + topic, Duration.ofSeconds(3)).awaitCompletion().getRecords()) {
                    if (imageId.toString().equals(record.key())) {
                        found.add(json.readTree(record.value()));
                    }
                }
                return found.size() >= atLeast;
            });
        }
        return found;
    }

    @Test
    void aSharedImageIsRatedRecordedAndExportedOnce() throws Exception {
        UUID jobId = UUID.randomUUID();
        ImagesShared shared = ImagesShared.of(UUID.randomUUID(), jobId, "rt-shared", jobId + ".webp", jobId + ".json",
                "image/webp", "stable_diffusion", false);
        share(shared);
        share(shared); // a replay changes nothing
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/internal/ratings/images/" + jobId).statusCode() == 200);
        given().get("/internal/ratings/new?dataset=" + DatasetCatalog.idOf("horde-shared")
                        + "&model=stable_diffusion").then().statusCode(200)
                .body("dataset_id", equalTo(DatasetCatalog.idOf("horde-shared").toString()));

        long userId = 900_000 + (long) (Math.random() * 1000);
        given().contentType(ContentType.JSON)
                .body(Map.of("rating", 8, "artifacts", 1, "rater", rater(userId, "alice"), "clientAgent", "t:1:t"))
                .post("/internal/ratings/images/" + jobId).then().statusCode(200)
                .body("message", equalTo("Rating submitted")).body("reward", equalTo(10.0f));
        // The same rater again: kept, but excluded and unpaid.
        given().contentType(ContentType.JSON).body(Map.of("rating", 2, "rater", rater(userId, "alice")))
                .post("/internal/ratings/images/" + jobId).then().statusCode(200).body("reward", equalTo(0.0f));
        // Anonymous: accepted, unpaid.
        given().contentType(ContentType.JSON).body(Map.of("rating", 4))
                .post("/internal/ratings/images/" + jobId).then().statusCode(200).body("reward", equalTo(0.0f));

        given().get("/internal/ratings/images/" + jobId).then().statusCode(200)
                .body("times_rated", equalTo(2)).body("total", equalTo(2)).body("average", equalTo(6.0f))
                .body("image", containsString(jobId + ".webp"))
                .body("ratings.username", hasItem("alice#" + userId));

        List<JsonNode> recorded = eventsOf(Topics.RATINGS_RECORDED, jobId, 3);
        assertEquals(3, recorded.size(), "one RatingRecorded per rating, whatever the decision");
        JsonNode paid = recorded.stream().filter(e -> e.get("reward").asLong() > 0).findFirst().orElseThrow();
        assertEquals(1000, paid.get("reward").asLong(), "centikudos: 5 + 5 for artifacts");
        assertEquals("accepted", paid.get("decision").asText());
        assertEquals(12_345, paid.get("rater").get("kudos").asLong());
        assertEquals(42, paid.get("rater").get("imagesGenerated").asLong());
        assertTrue(paid.get("rater").get("accountAgeSeconds").asLong() >= 3600);
        assertEquals("t:1:t", paid.get("rater").get("clientAgent").asText());
        JsonNode excluded = recorded.stream().filter(e -> "excluded".equals(e.get("decision").asText()))
                .findFirst().orElseThrow();
        assertEquals(1, excluded.get("rater").get("ratingsGiven").asLong());
        assertFalse(excluded.get("rater").get("secondsSincePreviousRating").isNull());

        List<JsonNode> exported = eventsOf(Topics.RATINGS_EXPORT, jobId, 2);
        assertEquals(2, exported.size(), "only the accepted ratings are exported");
        for (JsonNode row : exported) {
            assertEquals(1, row.get("schemaVersion").asInt());
            assertEquals(jobId + ".webp", row.get("objectKey").asText());
            assertEquals(64, row.get("raterHash").asText().length());
            assertFalse(row.toString().contains("alice"), "no user name in the researchers' feed");
        }
    }

    @Test
    void malformedRatingsAreRefusedAndUnknownImagesAre404() {
        UUID unknown = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("rating", 11)).post("/internal/ratings/images/" + unknown)
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body(Map.of("rating", 5, "artifacts", 6))
                .post("/internal/ratings/images/" + unknown).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("artifacts", 1))
                .post("/internal/ratings/images/" + unknown).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"rating\":\"five\"}")
                .post("/internal/ratings/images/" + unknown).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("rating", 5))
                .post("/internal/ratings/images/" + unknown).then().statusCode(404).body("rc", equalTo("ThingNotFound"));
        given().get("/internal/ratings/images/not-a-uuid").then().statusCode(404);
        given().get("/internal/ratings/new?dataset=" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theSampleDatasetIsMadeOnceAndServesItsPictures() throws Throwable {
        sample.make();
        assertEquals(0, sample.make(), "a second run finds every image");
        given().get("/internal/ratings/datasets").then().statusCode(200)
                .body("find { it.name == 'openhorde-sample' }.image_count", equalTo(6));
        String url = given().get("/internal/ratings/new?dataset=" + SampleImages.DATASET_ID).then().statusCode(200)
                .body("dataset_id", equalTo(SampleImages.DATASET_ID.toString())).extract().path("url");
        HttpResponse<byte[]> picture = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, picture.statusCode(), url);
        assertEquals((byte) 0x89, picture.body()[0], "a PNG");
    }
}
