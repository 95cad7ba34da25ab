package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Pins {@code check}'s route in front of RESTEasy (decision 0051): for a waiting, a processing (restarted once), a
 * done, a faulted and a cancelled request held in memory it sends what the resource sends (status, headers, body
 * field by field; the resource's own answer is had by turning the route off), anything it cannot answer from memory
 * still gets the resource's answer, and the rate limit still counts it, once.
 */
@QuarkusTest
class CheckFastPathTest {

    private static final String MODEL = "stable_diffusion";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RequestReadModel readModel;

    @Inject
    CheckFastPath fastPath;

    private final Requester requester = new Requester(44, "check#44", false, false, 100_000);
    private final WorkerRef worker = new WorkerRef(UUID.randomUUID(), "check-worker", 7);

    @AfterEach
    void switchBackOn() {
        fastPath.enabled(true);
    }

    @Test
    void answersAsTheResourceDoesInEveryState() throws Exception {
        UUID waiting = submitted(1);

        UUID processing = submitted(2);
        UUID restartedJob = jobsOf(processing).get(0);
        await(readModel.claimed(JobClaimed.of(processing, List.of(restartedJob), worker, MODEL, 150)));
        await(readModel.requeued(JobRequeued.of(processing, restartedJob, worker, "faulted", 1)));
        await(readModel.claimed(JobClaimed.of(processing, List.of(restartedJob), worker, MODEL, 150)));

        UUID done = submitted(2);
        completed(done, 0, JobOutcome.DELIVERED, 650, 300);
        completed(done, 1, JobOutcome.CENSORED, 123, 17);

        UUID faulted = submitted(2);
        completed(faulted, 0, JobOutcome.DELIVERED, 650, 300);
        completed(faulted, 1, JobOutcome.FAULTED, 0, 0);

        UUID cancelled = submitted(1);
        completed(cancelled, 0, JobOutcome.CANCELLED, 0, 0);

        for (UUID id : List.of(waiting, processing, done, faulted, cancelled)) {
            long before = fastPath.answered();
            Response fast = given().get("/api/v2/generate/check/" + id);
            assertEquals(before + 1, fastPath.answered(), "answered in front of RESTEasy: " + id);

            fastPath.enabled(false);
            Response resource = given().get("/api/v2/generate/check/" + id);
            fastPath.enabled(true);
            assertEquals(before + 1, fastPath.answered(), "the resource answered with the route off");

            assertEquals(200, fast.statusCode());
            assertEquals(resource.statusCode(), fast.statusCode());
            assertEquals(resource.contentType(), fast.contentType());
            assertEquals(CheckFastPath.CONTENT_TYPE, fast.contentType());
            assertEquals(headerNames(resource), headerNames(fast));
            assertEquals(resource.header("Content-Length"), fast.header("Content-Length"));
            Map<?, ?> expected = JSON.readValue(resource.asString(), Map.class);
            Map<?, ?> actual = JSON.readValue(fast.asString(), Map.class);
            assertEquals(expected, actual, id.toString());
            assertEquals(resource.asString(), fast.asString());
        }

        Map<?, ?> restarted = JSON.readValue(given().get("/api/v2/generate/check/" + processing).asString(), Map.class);
        assertEquals(1, restarted.get("restarted"));
        assertEquals(1, restarted.get("processing"));
        assertEquals(1, restarted.get("waiting"));
        Map<?, ?> finished = JSON.readValue(given().get("/api/v2/generate/check/" + done).asString(), Map.class);
        assertEquals(true, finished.get("done"));
        assertEquals(2, finished.get("finished"));
        assertEquals(10.9, finished.get("kudos"));
        Map<?, ?> failed = JSON.readValue(given().get("/api/v2/generate/check/" + faulted).asString(), Map.class);
        assertEquals(true, failed.get("faulted"));
    }

    @Test
    void whatMemoryCannotAnswerIsTheResourcesAnswer() {
        long before = fastPath.answered();
        String unknown = UUID.randomUUID().toString();
        given().get("/api/v2/generate/check/" + unknown)
                .then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"))
                .body("message", equalTo("Image Waiting Prompt (Check) with ID '" + unknown + "' not found."));
        given().get("/api/v2/generate/check/not-a-uuid").then().statusCode(404).body("rc", equalTo("RequestNotFound"));
        given().get("/api/v2/generate/check/1-1-1-1-1").then().statusCode(404).body("rc", equalTo("RequestNotFound"));

        // Expired (job-service ended it): memory knows it is gone, the resource answers 404.
        UUID expired = submitted(1);
        completed(expired, 0, JobOutcome.EXPIRED, 0, 0);
        given().get("/api/v2/generate/check/" + expired).then().statusCode(404).body("rc", equalTo("RequestNotFound"));

        // Content negotiation stays RESTEasy's.
        UUID held = submitted(1);
        Response html = given().accept("text/html").get("/api/v2/generate/check/" + held);
        fastPath.enabled(false);
        Response htmlByResource = given().accept("text/html").get("/api/v2/generate/check/" + held);
        assertEquals(htmlByResource.statusCode(), html.statusCode());
        assertEquals(htmlByResource.asString(), html.asString());
        assertEquals(before, fastPath.answered());
    }

    @Test
    void theRateLimitCountsEveryCheckOnceOnTheResourcesBuckets() {
        UUID held = submitted(1);
        String ip = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        long before = fastPath.answered();
        List<Integer> statuses = new ArrayList<>();
        int fastAdmitted = 0;
        Response limited = null;
        long started = System.nanoTime();
        // Every other check by the resource: one bucket for both, or twice the checks would pass.
        for (int i = 0; i < 60 && limited == null; i++) {
            boolean fast = i % 2 == 0;
            fastPath.enabled(fast);
            Response answer = from(ip).get("/api/v2/generate/check/" + held);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                limited = answer;
            } else if (fast) {
                fastAdmitted++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        fastPath.enabled(true);
        assertNotNull(limited, "60 checks at once from one IP, none limited: " + statuses);
        limited.then().header("Retry-After", "1")
                .header("X-RateLimit-Limit", "10")
                .header("X-RateLimit-Remaining", "0")
                .body("rc", equalTo("TooManyRequests"))
                .body("message", equalTo("10 per 1 second"));
        // 10 per second on this IP and path, refilling while the checks were made. Counted twice, about half as
        // many would pass; counted in two buckets, about twice as many.
        int admitted = statuses.size() - 1;
        assertTrue(admitted >= 9, "admitted before the first 429: " + statuses);
        assertTrue(admitted <= 11 + Math.ceil(seconds * 10), "admitted in " + seconds + " s: " + statuses);
        assertEquals(before + fastAdmitted, fastPath.answered(), "every admitted fast check answered in front of RESTEasy");
        assertTrue(fastAdmitted >= 4, statuses.toString());
    }

    private static RequestSpecification from(String ip) {
        return given().header("X-Forwarded-For", ip);
    }

    private static List<String> headerNames(Response response) {
        return response.headers().asList().stream().map(header -> header.getName().toLowerCase()).sorted().toList();
    }

    private final Map<UUID, List<UUID>> jobs = new HashMap<>();

    private List<UUID> jobsOf(UUID requestId) {
        return jobs.get(requestId);
    }

    private UUID submitted(int images) {
        UUID requestId = UUID.randomUUID();
        List<UUID> jobIds = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            jobIds.add(UUID.randomUUID());
        }
        jobs.put(requestId, jobIds);
        ImageRequestSpec spec = GenerationInputRules.toSpec(new GenerationInput("a check from memory",
                new ModelGenerationInput(null, null, null, null, null, null, null, images, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null),
                List.of(MODEL), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null), requestId);
        await(readModel.submitted(JobSubmitted.of(requestId, requester, spec, jobIds, 650, 300, false,
                "check-test:1:me")));
        return requestId;
    }

    private void completed(UUID requestId, int job, JobOutcome outcome, long price, long tax) {
        UUID jobId = jobs.get(requestId).get(job);
        await(readModel.completed(JobCompleted.of(requestId, jobId, outcome, requester, worker, MODEL, "1234", price,
                tax, false, null, jobId + ".webp")));
    }

    private static void await(Uni<Void> write) {
        write.await().atMost(Duration.ofSeconds(10));
    }
}
