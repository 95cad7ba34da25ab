package org.openhorde.gateway.repository;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.gateway.domain.GenerationInput;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.ModelGenerationInput;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * Pins {@code check} from the gateway's memory (decision 0018): once the gateway holds a request, Redis is no longer
 * read for it, and the lifecycle events from the real broker keep the memory current; a request the gateway never
 * heard of is read from Redis and remembered; a Redis read racing with events never leaves an older state behind.
 */
@QuarkusTest
class RememberedRequestsTest {

    private static final String MODEL = "stable_diffusion";

    @Inject
    ObjectMapper json;

    @Inject
    RedisDataSource redis;

    @Inject
    RememberedRequests memory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    @ConfigProperty(name = "horde.gateway.redis-key-prefix")
    String redisKeyPrefix;

    private KafkaCompanion kafka;
    private final Requester requester = new Requester(43, "requester#43", false, false, 100_000);
    private final WorkerRef worker = new WorkerRef(UUID.randomUUID(), "memory-worker", 7);

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void checkIsAnsweredFromMemoryKeptCurrentByTheLifecycleEvents() {
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        ImageRequestSpec spec = spec();
        publish(Topics.JOBS_SUBMITTED, requestId, JobSubmitted.of(requestId, requester, spec, List.of(jobId), 650, 300,
                false, "memory-test:1:me"));
        awaitCheck(requestId, 1, 0, 0, false);

        // Redis forgets the request: a check that read Redis would now answer 404.
        redis.key(String.class).del(redisKey(requestId));
        check(requestId, 1, 0, 0, false);

        // The events still reach the memory (and Redis, which now holds only the jobs' states, no request: 404 there).
        publish(Topics.JOBS_CLAIMED, requestId, JobClaimed.of(requestId, List.of(jobId), worker, MODEL, 150));
        awaitCheck(requestId, 0, 1, 0, false);
        publish(Topics.JOBS_COMPLETED, requestId, JobCompleted.of(requestId, jobId, JobOutcome.DELIVERED, requester,
                worker, MODEL, "1234", 650, 300, false, spec, jobId + ".webp"));
        awaitCheck(requestId, 0, 0, 1, true);
        assertTrue(!redis.hash(String.class).hgetall(redisKey(requestId)).containsKey("jobs"),
                "Redis could not have answered this check");
    }

    @Test
    void aRequestTheGatewayNeverHeardOfIsReadFromRedisThenRemembered() {
        // Written by another gateway replica: in Redis only.
        UUID requestId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        redis.hash(String.class).hset(redisKey(requestId), Map.of("jobs", jobId.toString(), "s:" + jobId, "CLAIMED",
                "shared", "0", "r2", "1"));
        check(requestId, 0, 1, 0, false);

        redis.key(String.class).del(redisKey(requestId));
        check(requestId, 0, 1, 0, false);
        // Never heard of anywhere: 404, and nothing is remembered of it.
        UUID unknown = UUID.randomUUID();
        given().get("/api/v2/generate/check/" + unknown).then().statusCode(404).body("rc", equalTo("RequestNotFound"));
        assertEquals(Optional.empty(), memory.find(unknown));
    }

    @Test
    void aRedisReadRacingWithEventsNeverLeavesAnOlderStateBehind() {
        UUID requestId = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        // The completion arrives first: the request's jobs are not known yet, so memory cannot answer.
        memory.completed(requestId, first, JobState.DELIVERED, 950, null, false);
        assertEquals(Optional.empty(), memory.find(requestId));
        // Then a Redis read taken before the completion was written: both jobs still waiting.
        memory.read(requestId, new RequestProgress(List.of(new JobProgress(first, JobState.WAITING, 0, null),
                new JobProgress(second, JobState.WAITING, 0, null)), false, true));
        RequestProgress progress = memory.find(requestId).orElseThrow().orElseThrow();
        assertEquals(List.of(JobState.DELIVERED, JobState.WAITING),
                progress.jobs().stream().map(JobProgress::state).toList());
        assertEquals(950, progress.consumed());
        // A replayed claim after the delivery changes nothing; an expiry makes the request gone (404).
        memory.claimed(requestId, List.of(first, second), false);
        assertEquals(List.of(JobState.DELIVERED, JobState.CLAIMED), memory.find(requestId).orElseThrow().orElseThrow()
                .jobs().stream().map(JobProgress::state).toList());
        memory.completed(requestId, second, JobState.EXPIRED, 0, null, false);
        assertEquals(Optional.of(Optional.empty()), memory.find(requestId));
    }

    private String redisKey(UUID requestId) {
        return redisKeyPrefix + "request:" + requestId;
    }

    private static ImageRequestSpec spec() {
        return GenerationInputRules.toSpec(new GenerationInput("a lighthouse in the fog",
                new ModelGenerationInput(null, null, null, null, null, null, null, 1, null, null, null, null,
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

    private static void awaitCheck(UUID requestId, int waiting, int processing, int finished, boolean done) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> check(requestId, waiting, processing, finished, done));
    }

    private static void check(UUID requestId, int waiting, int processing, int finished, boolean done) {
        given().get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200)
                .body("waiting", equalTo(waiting))
                .body("processing", equalTo(processing))
                .body("finished", equalTo(finished))
                .body("done", equalTo(done));
    }
}
