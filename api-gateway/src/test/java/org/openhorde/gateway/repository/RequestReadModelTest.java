package org.openhorde.gateway.repository;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.HordeEvent;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobClaimed;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.ModelGenerationInput;

/**
 * Pins the check/status read model fed by the job lifecycle topics of the real Kafka broker: job states only move
 * forward, replays change nothing, consumed kudos are the price and tax of delivered images, a job given back counts as
 * restarted, a faulted request is done, an expired one answers 404.
 */
@QuarkusTest
class RequestReadModelTest {

    private static final long PRICE = 650;
    private static final long TAX = 300;
    private static final String MODEL = "stable_diffusion";

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private KafkaCompanion kafka;
    private final Requester requester = new Requester(42, "requester#42", false, false, 100_000);
    private final WorkerRef worker = new WorkerRef(UUID.randomUUID(), "read-model-worker", 7);

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void checkFollowsAJobFromWaitingToFinished() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);

        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, jobId));
        awaitCheck(requestId, 1, 0, 0, false, 0.0);

        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        awaitCheck(requestId, 0, 1, 0, false, 0.0);

        publish(Topics.JOBS_COMPLETED, requestId, delivered(requestId, jobId, spec));
        awaitCheck(requestId, 0, 0, 1, true, 9.5);
    }

    @Test
    void replayedAndLateEventsChangeNothing() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);
        JobSubmitted submitted = submitted(requestId, spec, jobId);
        JobClaimed claimed = JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150);
        JobCompleted completed = delivered(requestId, jobId, spec);
        publish(Topics.JOBS_SUBMITTED, requestId, submitted);
        publish(Topics.JOBS_CLAIMED, requestId, claimed);
        publish(Topics.JOBS_COMPLETED, requestId, completed);
        awaitCheck(requestId, 0, 0, 1, true, 9.5);

        publish(Topics.JOBS_SUBMITTED, requestId, submitted);
        publish(Topics.JOBS_CLAIMED, requestId, claimed);
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        publish(Topics.JOBS_COMPLETED, requestId, completed);
        // Sentinels on the same partitions (same key), after the replays: once they show, the replays were consumed.
        UUID sentinelId = UUID.randomUUID();
        UUID claimedJob = UUID.randomUUID();
        UUID deliveredJob = UUID.randomUUID();
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(sentinelId, spec(2), claimedJob, deliveredJob));
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(sentinelId, List.of(claimedJob), worker, MODEL, 150));
        publish(Topics.JOBS_COMPLETED, requestId, delivered(sentinelId, deliveredJob, spec(2)));
        awaitCheck(sentinelId, 0, 1, 1, false, 9.5);

        check(requestId, 0, 0, 1, true, 9.5);
    }

    @Test
    void anEventOlderThanTheRetentionDoesNotResurrectAnExpiredRequest() {
        UUID expiredId = UUID.randomUUID();
        JobSubmitted fresh = submitted(expiredId, spec(1), UUID.randomUUID());
        JobSubmitted replayed = new JobSubmitted(fresh.eventId(), fresh.type(), fresh.version(),
                Instant.now().minus(Duration.ofHours(1)), expiredId, fresh.requester(), fresh.spec(), fresh.jobIds(),
                fresh.pricePerImage(), fresh.taxPerImage(), fresh.shared(), fresh.clientAgent());
        publish(Topics.JOBS_SUBMITTED, expiredId, replayed);
        UUID sentinelId = UUID.randomUUID();
        publish(Topics.JOBS_SUBMITTED, expiredId, submitted(sentinelId, spec(1), UUID.randomUUID()));
        awaitCheck(sentinelId, 1, 0, 0, false, 0.0);

        given().get("/api/v2/generate/check/" + expiredId)
                .then().statusCode(404).body("rc", equalTo("RequestNotFound"));
    }

    @Test
    void twoImageRequestShowsOneWaitingAndOneFinished() {
        UUID requestId = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ImageRequestSpec spec = spec(2);

        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, first, second));
        publish(Topics.JOBS_COMPLETED, requestId, delivered(requestId, second, spec));

        awaitCheck(requestId, 1, 0, 1, false, 9.5);
    }

    @Test
    void statusListsNoGenerationsWhileWaitingAndSignsTheDeliveredOnesUrls() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, jobId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/status/" + requestId)
                .then().statusCode(200)
                .body("generations.size()", equalTo(0))
                .body("shared", equalTo(false))
                .body("waiting", equalTo(1))
                .body("is_possible", equalTo(true)));

        publish(Topics.JOBS_COMPLETED, requestId, delivered(requestId, jobId, spec));
        awaitCheck(requestId, 0, 0, 1, true, 9.5);
        // The image's URL is signed by the gateway itself (decision 0018): storage-service does not run during
        // these tests, and is not asked.
        given().get("/api/v2/generate/status/" + requestId)
                .then().statusCode(200)
                .body("generations.size()", equalTo(1))
                .body("generations[0].id", equalTo(jobId.toString()))
                .body("generations[0].img", containsString("-generations/" + jobId + ".webp?"))
                .body("generations[0].img", containsString("X-Amz-Signature="));
    }

    @Test
    void aJobGivenBackWaitsAgainAndCountsAsRestartedOnce() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, jobId));
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        awaitCheck(requestId, 0, 1, 0, false, 0.0);

        JobRequeued timedOut = JobRequeued.of(requestId, jobId, worker, "timeout", 1);
        publish(Topics.JOBS_REQUEUED, requestId, timedOut);
        awaitProgress(requestId, 1, 0, 1, false);

        publish(Topics.JOBS_REQUEUED, requestId, timedOut);
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        awaitProgress(requestId, 0, 1, 1, false);

        publish(Topics.JOBS_REQUEUED, requestId, JobRequeued.of(requestId, jobId, worker, "faulted", 2));
        awaitProgress(requestId, 1, 0, 2, false);
    }

    @Test
    void aFaultedRequestIsDoneAndFaulted() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);
        // The three events travel on three topics, so nothing orders them; job-service emits each only after the one
        // before had its effect, and so does this test.
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, jobId));
        awaitProgress(requestId, 1, 0, 0, false);
        publish(Topics.JOBS_REQUEUED, requestId, JobRequeued.of(requestId, jobId, worker, "faulted", 3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200).body("restarted", equalTo(3)));
        publish(Topics.JOBS_COMPLETED, requestId, ended(requestId, jobId, JobOutcome.FAULTED, spec));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200)
                .body("faulted", equalTo(true))
                .body("done", equalTo(true))
                .body("restarted", equalTo(3))
                .body("waiting", equalTo(0))
                .body("kudos", equalTo(0.0f)));
    }

    @Test
    void anExpiredRequestAnswers404AtOnceLikeTheAiHorde() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec(1);
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(requestId, spec, jobId));
        awaitCheck(requestId, 1, 0, 0, false, 0.0);

        publish(Topics.JOBS_COMPLETED, requestId, ended(requestId, jobId, JobOutcome.EXPIRED, spec));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(404).body("rc", equalTo("RequestNotFound")));
        given().get("/api/v2/generate/status/" + requestId).then().statusCode(404);
        // A late claim of the expired request does not bring it back.
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        UUID sentinelId = UUID.randomUUID();
        publish(Topics.JOBS_SUBMITTED, requestId, submitted(sentinelId, spec, UUID.randomUUID()));
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(sentinelId, List.of(UUID.randomUUID()), worker, MODEL,
                150));
        awaitCheck(sentinelId, 1, 0, 0, false, 0.0);
        given().get("/api/v2/generate/check/" + requestId).then().statusCode(404);
    }

    private JobCompleted ended(UUID requestId, UUID jobId, JobOutcome outcome, ImageRequestSpec spec) {
        return JobCompleted.of(requestId, jobId, outcome, requester, worker, MODEL, null, 0, 0, false, spec, null);
    }

    private static void awaitProgress(UUID requestId, int waiting, int processing, int restarted, boolean done) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200)
                .body("waiting", equalTo(waiting))
                .body("processing", equalTo(processing))
                .body("restarted", equalTo(restarted))
                .body("done", equalTo(done)));
    }

    private JobSubmitted submitted(UUID requestId, ImageRequestSpec spec, UUID... jobIds) {
        return JobSubmitted.of(requestId, requester, spec, List.of(jobIds), PRICE, TAX, false, "read-model-test:1:me");
    }

    private JobCompleted delivered(UUID requestId, UUID jobId, ImageRequestSpec spec) {
        return JobCompleted.of(requestId, jobId, JobOutcome.DELIVERED, requester, worker, MODEL, "1234", PRICE, TAX,
                false, spec, jobId + ".webp");
    }

    private static ImageRequestSpec spec(int images) {
        return GenerationInputRules.toSpec(new GenerationInput("a lighthouse on a cliff at dusk",
                new ModelGenerationInput(null, null, null, null, null, null, null, images, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null),
                List.of(MODEL), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null), UUID.randomUUID());
    }

    private void publish(String topic, UUID partitionKey, HordeEvent event) {
        try {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(topicPrefix + topic, partitionKey.toString(),
                    json.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(30));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitCheck(UUID requestId, int waiting, int processing, int finished, boolean done,
                                   double kudos) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> check(requestId, waiting, processing, finished, done, kudos));
    }

    private static void check(UUID requestId, int waiting, int processing, int finished, boolean done, double kudos) {
        given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200)
                .body("waiting", equalTo(waiting))
                .body("processing", equalTo(processing))
                .body("finished", equalTo(finished))
                .body("restarted", equalTo(0))
                .body("done", equalTo(done))
                .body("faulted", equalTo(false))
                .body("kudos", equalTo((float) kudos));
    }
}
