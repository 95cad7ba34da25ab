package org.openhorde.ratings.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImagesShared;

/**
 * Pins the requests' projection and {@code /generate/rate}: a request becomes rateable by its owner once its jobs'
 * events (submitted, completed, shared) arrived, in any order; the refusals come with the AI Horde's rc codes; the
 * reward is capped at the request's cost minus one kudo and paid once. And {@code /rating/new} never offers a
 * registered rater an image they already rated.
 */
@QuarkusTest
class RequestRatingFlowTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private void publish(String topic, String key, Object event) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            companion.produceStrings()
                    .fromRecords(new ProducerRecord<>(topicPrefix + topic, key,
                            event instanceof String text ? text : json.writeValueAsString(event)))
                    .awaitCompletion(Duration.ofSeconds(30));
        }
    }

    private static String requester(long userId) {
        return """
                {"userId": %d, "alias": "owner#%d", "anonymous": false, "trusted": false, "kudos": 5000,
                 "imagesRequested": 7}""".formatted(userId, userId);
    }

    private void submitted(UUID requestId, long userId, List<UUID> jobs, boolean shared) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (UUID job : jobs) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(job).append('"');
        }
        publish(Topics.JOBS_SUBMITTED, requestId.toString(), """
                {"eventId": "%s", "type": "JobSubmitted", "version": 1, "occurredAt": "%s", "requestId": "%s",
                 "requester": %s, "spec": {"prompt": "a cat"}, "jobIds": [%s], "pricePerImage": 400,
                 "taxPerImage": 100, "shared": %s, "clientAgent": "t:1:t"}
                """.formatted(UUID.randomUUID(), Instant.now(), requestId, requester(userId), ids, shared));
    }

    private void completed(UUID requestId, long userId, UUID job, String outcome, long price, long tax,
                           boolean shared) throws Exception {
        publish(Topics.JOBS_COMPLETED, requestId.toString(), """
                {"eventId": "%s", "type": "JobCompleted", "version": 1, "occurredAt": "%s", "requestId": "%s",
                 "jobId": "%s", "outcome": "%s", "requester": %s, "model": "m", "price": %d, "tax": %d,
                 "shared": %s, "spec": {"prompt": "a cat"}}
                """.formatted(UUID.randomUUID(), Instant.now(), requestId, job, outcome, requester(userId), price,
                tax, shared));
    }

    private void shared(UUID requestId, UUID job, String model) throws Exception {
        publish(Topics.IMAGES_SHARED, requestId.toString(), ImagesShared.of(requestId, job, "rt-shared",
                job + ".webp", job + ".json", "image/webp", model, false));
    }

    private static Map<String, Object> account(long id) {
        return Map.ofEntries(Map.entry("id", id), Map.entry("username", "owner"), Map.entry("anonymous", false),
                Map.entry("pseudonymous", false), Map.entry("trusted", false), Map.entry("moderator", false),
                Map.entry("admin", false), Map.entry("kudos", 4_000), Map.entry("concurrency", 30),
                Map.entry("kudosDetails", Map.of()),
                Map.entry("records", Map.of("usagePixelsteps", 0, "contributionPixelsteps", 0,
                        "imagesRequested", 9, "imagesFulfilled", 0)),
                Map.entry("createdAt", Instant.now().minusSeconds(60).toString()), Map.entry("evaluatingKudos", 0));
    }

    private static io.restassured.response.ValidatableResponse rate(UUID requestId, Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/internal/ratings/requests/" + requestId).then();
    }

    @Test
    void theOwnerRatesTheirFinishedSharedRequestOnceWithinItsCost() throws Exception {
        long owner = 800_000 + (long) (Math.random() * 100_000);
        UUID requestId = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID faulted = UUID.randomUUID();

        // Completions before the submission: the projection takes the events in any order.
        completed(requestId, owner, a, "DELIVERED", 400, 100, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AestheticsNotCompleted".equals(
                rate(requestId, Map.of("best", a.toString())).extract().path("rc")));
        submitted(requestId, owner, List.of(a, b, faulted), true);
        completed(requestId, owner, b, "DELIVERED", 400, 100, true);
        completed(requestId, owner, faulted, "FAULTED", 0, 0, true);
        // Every job ended, but the images are not taken in yet.
        rate(requestId, Map.of()).statusCode(400).body("rc", equalTo("AestheticsNotCompleted"));
        shared(requestId, a, "m");
        shared(requestId, b, "m");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "AestheticsMissing".equals(rate(requestId, Map.of()).extract().path("rc")));

        rate(UUID.randomUUID(), Map.of("best", a.toString())).statusCode(404).body("rc", equalTo("RequestNotFound"));
        rate(requestId, Map.of("ratings", List.of(Map.of("id", faulted.toString(), "rating", 5))))
                .statusCode(400).body("rc", equalTo("ProcGenNotFound"));
        rate(requestId, Map.of("ratings", List.of(Map.of("id", a.toString(), "rating", 5),
                Map.of("id", a.toString(), "rating", 6)))).statusCode(400).body("rc", equalTo("AestheticsDuplicate"));
        rate(requestId, Map.of("best", a.toString(), "caller", account(owner + 1))).statusCode(403)
                .body("rc", equalTo("NotOwner"));

        // 5 + 5 and 5 kudos earned; the request cost 10 kudos (2 x (4 + 1)), so at most 9 are paid.
        rate(requestId, Map.of("ratings", List.of(Map.of("id", a.toString(), "rating", 9, "artifacts", 0),
                        Map.of("id", b.toString(), "rating", 3)), "caller", account(owner), "clientAgent", "t:2:t"))
                .statusCode(200).body("reward", equalTo(9.0f));
        rate(requestId, Map.of("best", b.toString())).statusCode(400).body("rc", equalTo("AestheticsAlreadyExist"));
        given().get("/internal/ratings/images/" + a).then().statusCode(200).body("times_rated", equalTo(1))
                .body("average", equalTo(9.0f)).body("ratings[0].username", equalTo("owner#" + owner));
    }

    @Test
    void anUnsharedRequestIsNotRateable() throws Exception {
        long owner = 700_000 + (long) (Math.random() * 100_000);
        UUID requestId = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        submitted(requestId, owner, List.of(job), false);
        completed(requestId, owner, job, "DELIVERED", 400, 300, false);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "AestheticsNotPublic".equals(rate(requestId, Map.of("best", job.toString())).extract().path("rc")));
    }

    @Test
    void ratingNewNeverOffersARaterAnImageTheyRated() throws Exception {
        String model = "never-twice-" + UUID.randomUUID();
        List<UUID> images = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            UUID job = UUID.randomUUID();
            images.add(job);
            shared(UUID.randomUUID(), job, model);
        }
        UUID dataset = DatasetCatalog.idOf("horde-shared");
        String next = "/internal/ratings/new?dataset=" + dataset + "&model=" + model;
        await().atMost(Duration.ofSeconds(30)).until(() -> images.stream().allMatch(id ->
                given().get("/internal/ratings/images/" + id).statusCode() == 200));
        long rater = 600_000 + (long) (Math.random() * 100_000);
        given().contentType(ContentType.JSON).body(Map.of("rating", 6, "rater", account(rater)))
                .post("/internal/ratings/images/" + images.get(0)).then().statusCode(200);
        for (int i = 0; i < 8; i++) {
            assertEquals(images.get(1).toString(), given().get(next + "&rater=" + rater).then().statusCode(200)
                    .extract().path("id"), "never the image this rater rated");
        }
        given().contentType(ContentType.JSON).body(Map.of("rating", 7, "rater", account(rater)))
                .post("/internal/ratings/images/" + images.get(1)).then().statusCode(200);
        given().get(next + "&rater=" + rater).then().statusCode(404).body("rc", equalTo("ThingNotFound"));
        // Others (and anonymous raters) still get them.
        assertNotEquals(404, given().get(next).statusCode());
        assertNotEquals(404, given().get(next + "&rater=" + (rater + 1)).statusCode());
    }
}
