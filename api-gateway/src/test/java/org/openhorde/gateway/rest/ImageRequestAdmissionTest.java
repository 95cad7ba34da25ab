package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.RequestProgress;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Pins what the gateway decides before it queues an image request, against real Redis and Kafka with kudos-service
 * and job-service stubbed over HTTP: upfront kudos (403 {@code KudosUpfront}, or a downgrade with a warning), the
 * per-user concurrency limit (429 {@code TooManyPrompts}, freed by completions, never leaking), the dry run, and
 * cancel ({@code DELETE /generate/status/{id}}).
 */
@QuarkusTest
@WithTestResource(InternalServicesStub.class)
class ImageRequestAdmissionTest {

    private static final String LARGE = "\"width\":1088,\"height\":1024";

    @Inject
    RequestReadModel readModel;

    @Inject
    ActiveJobs activeJobs;

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
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    private static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    private static String key(long userId, long centikudos, int concurrency) {
        return "stub:" + userId + ":" + centikudos + ":" + concurrency;
    }

    private static ValidatableResponse async(String apikey, String body) {
        return given().contentType(ContentType.JSON).header("apikey", apikey).body(body)
                .post("/api/v2/generate/async").then();
    }

    private static String request(String params, String extra) {
        return "{\"prompt\":\"a lighthouse on a cliff at dusk\",\"params\":{" + params + "}" + extra + "}";
    }

    @Test
    void largeOrLongRequestsNeedTheKudosInHand() {
        String poor = key(newUserId(), 0, 30);
        async(poor, request(LARGE, "")).statusCode(403)
                .body("rc", equalTo("KudosUpfront"))
                .body("message", containsString("This request requires"));
        async(poor, request("\"steps\":41", "")).statusCode(403).body("rc", equalTo("KudosUpfront"));
        async(poor, request("\"steps\":21,\"sampler_name\":\"k_heun\"", "")).statusCode(403)
                .body("rc", equalTo("KudosUpfront"));
        async(poor, request("", ",\"slow_workers\":false")).statusCode(403).body("rc", equalTo("KudosUpfront"));
        async("stub-anon:500", request(LARGE, "")).statusCode(403).body("rc", equalTo("KudosUpfront"));

        async(poor, request("\"steps\":40", "")).statusCode(202);
        async(key(newUserId(), 10_000_000, 30), request(LARGE + ",\"steps\":50", "")).statusCode(202)
                .body("$", not(hasKey("warnings")));
    }

    @Test
    void onlyTrustedUsersMayDisableBatchingOfSeveralImages() {
        long userId = newUserId();
        String untrusted = key(userId, 10_000_000, 30);
        async(untrusted, request("\"n\":2", ",\"disable_batching\":true")).statusCode(400)
                .body("rc", equalTo("RequiresTrust"))
                .body("message", equalTo("Only trusted users and patreon supporters can disable batching."));
        assertEquals(0, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)), "nothing was queued");

        async(untrusted, request("\"n\":1", ",\"disable_batching\":true")).statusCode(202);
        async(untrusted, request("\"n\":2", ",\"disable_batching\":false")).statusCode(202);
        async("stub-trusted:" + newUserId(), request("\"n\":2", ",\"disable_batching\":true")).statusCode(202);
    }

    /** A remix of a Stable Cascade model with {@code extras} extra source images (tiny base64 stand-ins). */
    private static String remix(int extras, String more) {
        String extra = "{\"image\":\"aGVsbG8=\",\"strength\":0.5}";
        return "{\"prompt\":\"a lighthouse on a cliff at dusk\",\"models\":[\"Stable Cascade 1.0\"],"
                + "\"source_image\":\"aGVsbG8=\",\"source_processing\":\"remix\",\"extra_source_images\":["
                + String.join(",", java.util.Collections.nCopies(extras, extra)) + "]" + more + "}";
    }

    @Test
    void moreThanOneExtraSourceImageNeedsATrustedUser() {
        long userId = newUserId();
        String untrusted = key(userId, 10_000_000, 30);
        async(untrusted, remix(2, "")).statusCode(400)
                .body("rc", equalTo("MoreThanMinExtraSourceImage."))
                .body("message", containsString("Only trusted users and patrons can send more than 1 extra"));
        // The AI Horde validates a dry run as it validates the request itself.
        async(untrusted, remix(2, ",\"dry_run\":true")).statusCode(400)
                .body("rc", equalTo("MoreThanMinExtraSourceImage."));
        assertEquals(0, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)), "nothing was queued");
        async("stub-trusted:" + newUserId(), remix(5, ",\"dry_run\":true")).statusCode(200);
        async("stub-trusted:" + newUserId(), remix(6, ",\"dry_run\":true")).statusCode(400)
                .body("rc", equalTo("TooManyExtraSourceImages."));
    }

    @Test
    void eachExtraSourceImageAddsFiveKudosToThePrice() {
        String trusted = "stub-trusted:" + newUserId();
        int none = async(trusted, remix(0, ",\"dry_run\":true")).statusCode(200).extract().path("kudos");
        int one = async(trusted, remix(1, ",\"dry_run\":true")).statusCode(200).extract().path("kudos");
        int three = async(trusted, remix(3, ",\"dry_run\":true")).statusCode(200).extract().path("kudos");
        assertEquals(5, one - none, "the AI Horde's 5 kudos per extra source image");
        assertEquals(15, three - none);
    }

    @Test
    void aRefusedRequestTakesNoConcurrencySlot() {
        long userId = newUserId();
        async(key(userId, 0, 30), request(LARGE + ",\"n\":4", "")).statusCode(403);
        assertEquals(0, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void allowDowngradeShrinksTheRequestInsteadAndSaysSo() {
        long userId = newUserId();
        String id = async(key(userId, 0, 30), request(LARGE + ",\"steps\":50", ",\"allow_downgrade\":true"))
                .statusCode(202)
                .body("warnings[0].code", equalTo("RequestDowngraded"))
                .body("warnings[0].message", containsString("from 1088x1024, 50 steps to 1024x960, 30 steps"))
                .extract().path("id");
        assertEquals(1, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)));
        UUID.fromString(id);
    }

    @Test
    void aDryRunAnswersThePriceAndQueuesNothing() {
        long userId = newUserId();
        given().contentType(ContentType.JSON).header("apikey", key(userId, 0, 30))
                .body(request("\"n\":2", ",\"dry_run\":true")).post("/api/v2/generate/async")
                .then().statusCode(200)
                .body("kudos", greaterThan(0))
                .body("$", not(hasKey("id")));
        assertEquals(0, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void moreUnfinishedImagesThanTheUserMayHaveAreTooManyPrompts() {
        long userId = newUserId();
        String apikey = key(userId, 0, 3);
        String first = async(apikey, request("\"n\":2", "")).statusCode(202).extract().path("id");
        async(apikey, request("\"n\":2", "")).statusCode(429)
                .body("rc", equalTo("TooManyPrompts"))
                .body("message", containsString("Parallel requests (4) exceeded user limit (3)"));

        // The first request's images end: their slots are free again.
        RequestProgress progress = await().atMost(Duration.ofSeconds(30))
                .until(() -> readModel.find(UUID.fromString(first)).await().atMost(Duration.ofSeconds(10)),
                        found -> found.isPresent()).orElseThrow();
        Requester requester = new Requester(userId, "stub" + userId + "#" + userId, false, false, 0);
        for (JobProgress job : progress.jobs()) {
            publish(JobCompleted.of(UUID.fromString(first), job.jobId(), JobOutcome.CANCELLED, requester, null, null,
                    null, 0, 0, false, null, null));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)) == 0);
        async(apikey, request("\"n\":3", "")).statusCode(202);
    }

    @Test
    void aRequestJobServiceCannotQueueIsRetriedThenCancelledAnd503WithItsSlotsGivenBack() {
        long userId = newUserId();
        String prompt = "{\"prompt\":\"a lighthouse " + InternalServicesStub.INTAKE_UNAVAILABLE
                + "\",\"params\":{\"n\":2}}";
        async(key(userId, 0, 30), prompt).statusCode(503).body("rc", equalTo("ServiceUnavailable"));

        assertEquals(0, activeJobs.count(userId).await().atMost(Duration.ofSeconds(10)));
        UUID refused = InternalServicesStub.REFUSED.entrySet().stream()
                .filter(entry -> !InternalServicesStub.QUEUED.containsKey(entry.getKey()))
                .filter(entry -> InternalServicesStub.CANCELLED.contains(entry.getKey()))
                .map(java.util.Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("the refused request was cancelled"));
        assertEquals(3, InternalServicesStub.REFUSED.get(refused), "three attempts (horde.gateway.intake-attempts)");
        assertTrue(readModel.find(refused).await().atMost(Duration.ofSeconds(10)).isEmpty(),
                "no status for a request its client was told failed");
    }

    @Test
    void aSlotWhoseCompletionNeverArrivesLapses() {
        long userId = newUserId();
        List<UUID> leaked = List.of(UUID.randomUUID(), UUID.randomUUID());
        assertEquals(-1, activeJobs.take(userId, leaked, 2, Duration.ofSeconds(1)).await()
                .atMost(Duration.ofSeconds(10)));
        List<UUID> next = List.of(UUID.randomUUID(), UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> activeJobs.take(userId, next, 2, Duration.ofMinutes(5))
                .await().atMost(Duration.ofSeconds(10)) == -1);
    }

    @Test
    void cancelAnswersTheStatusBeforeAndAsksJobServiceToEndTheRequest() {
        String id = async(key(newUserId(), 0, 30), request("\"n\":2", "")).statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + id)
                .then().statusCode(200));

        given().delete("/api/v2/generate/status/" + id).then().statusCode(200)
                .body("generations.size()", equalTo(0))
                .body("shared", equalTo(false))
                .body("waiting", equalTo(2))
                .body("finished", equalTo(0))
                .body("done", equalTo(false))
                .body("faulted", equalTo(false));
        assertTrue(InternalServicesStub.CANCELLED.contains(UUID.fromString(id)));
    }

    @Test
    void cancellingAnUnknownRequestIsRequestNotFound() {
        given().delete("/api/v2/generate/status/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().delete("/api/v2/generate/status/not-a-uuid").then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
    }

    private void publish(JobCompleted event) {
        try {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(topicPrefix + Topics.JOBS_COMPLETED,
                    event.requestId().toString(), json.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(30));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
