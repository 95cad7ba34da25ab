package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Pins a job's life besides pop and delivery: an overdue claim goes back to the queue, a request whose jobs were
 * given back three times faults, an idle request expires, and a cancelled request ends its waiting images only.
 * The test profile shrinks a tiny job's time to live to about 3 s and runs the reaper every second.
 */
@QuarkusTest
class JobLifecycleTest {

    @Inject
    TestGateway gateway;

    private static JobSubmitted tinyRequest(String model, int images, Instant acceptedAt) {
        return HordeSamples.submitted(HordeSamples.spec(List.of(model), 64, 64, false, null), images, 100,
                acceptedAt);
    }

    @Test
    void overdueClaimGoesBackToTheQueueAndItsWorkerIsToldItWasAborted() {
        String model = HordeSamples.model();
        long slowOwner = HordeSamples.owner();
        JobSubmitted submitted = tinyRequest(model, 1, Instant.now());
        UUID job = submitted.jobIds().get(0);
        try (TopicTail requeued = gateway.tail(Topics.JOBS_REQUEUED)) {
            gateway.publish(submitted);
            PopResult first = gateway.awaitWork(HordeSamples.pop(slowOwner, HordeSamples.workerName(), model, 1));
            assertEquals(List.of(job), first.jobIds());

            JobRequeued back = requeued.await(JobRequeued.class, e -> e.jobId().equals(job));
            assertEquals("timeout", back.reason());
            assertEquals(1, back.aborts());
            assertEquals(first.workerId(), back.worker().id());
        }
        long fastOwner = HordeSamples.owner();
        PopResult second = gateway.awaitWork(HordeSamples.pop(fastOwner, HordeSamples.workerName(), model, 1));
        assertEquals(List.of(job), second.jobIds());
        gateway.submit(slowOwner, job, "ok", "1").statusCode(400).body("rc", equalTo("AbortedGen"));
    }

    @Test
    void requestFaultsWhenItsJobsWereGivenBackThreeTimes() {
        String model = HordeSamples.model();
        JobSubmitted submitted = tinyRequest(model, 2, Instant.now());
        try (TopicTail completed = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(submitted);
            for (int attempt = 0; attempt < 3; attempt++) {
                long owner = HordeSamples.owner();
                PopResult popped = gateway.awaitWork(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1));
                gateway.submit(owner, popped.jobIds().get(0), "faulted", null).statusCode(200)
                        .body("reward", equalTo(0));
            }
            Set<UUID> faulted = new HashSet<>();
            for (UUID job : submitted.jobIds()) {
                JobCompleted end = completed.await(JobCompleted.class, e -> e.jobId().equals(job));
                assertEquals(JobOutcome.FAULTED, end.outcome());
                assertEquals(0, end.price() + end.tax(), "a faulted job moves no kudos");
                faulted.add(end.jobId());
            }
            assertEquals(Set.copyOf(submitted.jobIds()), faulted);
        }
        PopResult nothing = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                model, 1));
        assertTrue(nothing.empty(), "a faulted request is out of the queue");
    }

    @Test
    void idleRequestExpiresAndItsJobsAreGone() {
        String model = HordeSamples.model();
        // accepted almost twenty minutes ago: its time to live runs out in a second
        JobSubmitted submitted = tinyRequest(model, 2, Instant.now().minus(Duration.ofMinutes(20)).plusSeconds(1));
        try (TopicTail completed = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(submitted);
            for (UUID job : submitted.jobIds()) {
                JobCompleted end = completed.await(JobCompleted.class, e -> e.jobId().equals(job));
                assertEquals(JobOutcome.EXPIRED, end.outcome());
                assertNull(end.worker());
            }
        }
        PopResult nothing = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                model, 1));
        assertTrue(nothing.empty());
        gateway.submit(HordeSamples.owner(), submitted.jobIds().get(0), "ok", "1").statusCode(404)
                .body("rc", equalTo("InvalidJobID"));
    }

    @Test
    void aHeldImageOfACancelledRequestThatTimesOutEndsInsteadOfWaitingAgain() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        JobSubmitted submitted = tinyRequest(model, 2, Instant.now());
        try (TopicTail completed = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(submitted);
            PopResult popped = gateway.awaitWork(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1));
            UUID held = popped.jobIds().get(0);
            given().post("/internal/requests/" + submitted.requestId() + "/cancel").then().statusCode(204);

            // The worker never delivers: when its claim runs out, the image ends with its request.
            JobCompleted end = completed.await(JobCompleted.class, e -> e.jobId().equals(held));
            assertEquals(JobOutcome.CANCELLED, end.outcome());
            assertEquals(popped.workerId(), end.worker().id());
            assertEquals(0, end.price() + end.tax(), "an image nobody delivered costs nothing");
        }
        assertTrue(gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), model, 1))
                .empty(), "nothing of a cancelled request waits again");
    }

    @Test
    void cancelEndsWaitingImagesWhileHeldOnesAreDeliveredAndPaid() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 3, 100);
        try (TopicTail completed = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(submitted);
            UUID held = gateway.awaitWork(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1)).jobIds()
                    .get(0);

            given().post("/internal/requests/" + submitted.requestId() + "/cancel").then().statusCode(204);
            given().post("/internal/requests/" + submitted.requestId() + "/cancel").then().statusCode(204);
            for (UUID job : submitted.jobIds()) {
                if (!job.equals(held)) {
                    JobCompleted end = completed.await(JobCompleted.class, e -> e.jobId().equals(job));
                    assertEquals(JobOutcome.CANCELLED, end.outcome());
                    assertEquals(0, end.price() + end.tax());
                }
            }
            gateway.submit(owner, held, "ok", "7").statusCode(200).body("reward", equalTo(1234));
            JobCompleted delivered = completed.await(JobCompleted.class, e -> e.jobId().equals(held));
            assertEquals(JobOutcome.DELIVERED, delivered.outcome());
        }
        assertTrue(gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1)).empty());
        given().post("/internal/requests/" + UUID.randomUUID() + "/cancel").then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().post("/internal/requests/not-a-uuid/cancel").then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
    }
}
