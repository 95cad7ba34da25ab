package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobClaimed;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/** Pins a request's way from JobSubmitted through pop and submit to JobClaimed and JobCompleted, and submit's errors. */
@QuarkusTest
class PopAndSubmitTest {

    @Inject
    ObjectMapper json;
    @Inject
    Pool pool;

    @Inject
    TestGateway gateway;


    @Test
    void poppedJobsAreClaimedAndDeliveredJobsCompletedWithTheirAmounts() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(List.of(model), 512, 512, false, "42"), 2,
                5000);
        try (TopicTail claimedTail = gateway.tail(Topics.JOBS_CLAIMED);
             TopicTail completedTail = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(submitted);

            PopResult popped = gateway.awaitWork(HordeSamples.pop(owner, name, model, 5));
            assertEquals(submitted.requestId(), popped.requestId());
            assertEquals(submitted.jobIds(), popped.jobIds());
            assertEquals(model, popped.model());
            assertEquals(62, popped.ttlSeconds(), "2 + 30 × 2 × 512²/512² (the test profile's base is 2 s)");
            assertEquals("42", popped.seed());
            assertEquals(submitted.spec(), popped.spec());
            assertTrue(popped.skipped().isEmpty());

            JobClaimed claimed = claimedTail.await(JobClaimed.class,
                    e -> e.requestId().equals(submitted.requestId()));
            assertEquals(JobClaimed.TYPE, claimed.type());
            assertEquals(submitted.jobIds(), claimed.jobIds());
            assertEquals(popped.workerId(), claimed.worker().id());
            assertEquals(name, claimed.worker().name());
            assertEquals(owner, claimed.worker().ownerUserId());
            assertEquals(model, claimed.model());
            assertEquals(62, claimed.ttlSeconds());

            UUID delivered = submitted.jobIds().get(0);
            gateway.submit(owner, delivered, "ok", "42").statusCode(200).body("reward", equalTo(1234));
            JobCompleted completed = completedTail.await(JobCompleted.class, e -> e.jobId().equals(delivered));
            assertEquals(JobCompleted.TYPE, completed.type());
            assertEquals(submitted.requestId(), completed.requestId());
            assertEquals(JobOutcome.DELIVERED, completed.outcome());
            assertEquals(1234, completed.price());
            assertEquals(300, completed.tax());
            assertEquals(submitted.requester(), completed.requester());
            assertEquals(claimed.worker(), completed.worker());
            assertEquals(model, completed.model());
            assertEquals("42", completed.seed());
            assertEquals(submitted.spec(), completed.spec());
            assertEquals(delivered + ".webp", completed.generationKey());

            UUID censored = submitted.jobIds().get(1);
            gateway.submit(owner, censored, "censored", "43").statusCode(200).body("reward", equalTo(0));
            JobCompleted censoredEvent = completedTail.await(JobCompleted.class, e -> e.jobId().equals(censored));
            assertEquals(JobOutcome.CENSORED, censoredEvent.outcome());
            assertEquals(0, censoredEvent.price());
            assertEquals(300, censoredEvent.tax(), "a censored image still burns the tax");
            assertEquals("43", censoredEvent.seed());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(submitted.requestId()) == 0);
    }

    @Test
    void aJobIsDeliveredOnceAndOnlyByItsWorkersOwner() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 1, 100);
        gateway.publish(submitted);
        UUID job = gateway.awaitWork(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1)).jobIds().get(0);

        gateway.submit(owner + 1, job, "ok", "1").statusCode(403)
                .body("rc", equalTo("WrongCredentials"))
                .body("message", equalTo("Wrong credentials to submit as this worker."));
        gateway.submit(owner, job, "ok", "1").statusCode(200).body("reward", equalTo(1234));
        gateway.submit(owner, job, "ok", "1").statusCode(400)
                .body("rc", equalTo("DuplicateGen"))
                .body("message", equalTo("Processing Generation with ID " + job + " already submitted."));
    }

    @Test
    void unknownJobIsInvalidJobId() {
        UUID unknown = UUID.randomUUID();
        gateway.submit(HordeSamples.owner(), unknown, "ok", "1").statusCode(404)
                .body("rc", equalTo("InvalidJobID"))
                .body("message", equalTo("Processing Job with ID " + unknown + " does not exist."));
    }

    @Test
    void faultedJobGoesBackToTheQueueForAnotherWorker() {
        String model = HordeSamples.model();
        long firstOwner = HordeSamples.owner();
        long secondOwner = HordeSamples.owner();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 1, 100);
        gateway.publish(submitted);
        UUID job = gateway.awaitWork(HordeSamples.pop(firstOwner, HordeSamples.workerName(), model, 1)).jobIds().get(0);

        gateway.submit(firstOwner, job, "faulted", null).statusCode(200).body("reward", equalTo(0));
        gateway.submit(firstOwner, job, "ok", "1").statusCode(400).body("rc", equalTo("AbortedGen"));

        PopResult again = gateway.popResult(HordeSamples.pop(secondOwner, HordeSamples.workerName(), model, 1));
        assertEquals(List.of(job), again.jobIds());
        gateway.submit(secondOwner, job, "ok", null).statusCode(200).body("reward", equalTo(1234));
        assertNotNull(jobSeed(job), "without a submitted seed the job keeps the one handed out at pop");
        assertEquals(1, completedEvents(job), "the fault itself completed nothing");
    }

    @Test
    void badSubmissionsAreRejectedNamingTheField() {
        gateway.submit(HordeSamples.owner(), UUID.randomUUID(), "done", "1").statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("errors.state", equalTo("'done' is not one of ok, censored, faulted, csam"));
        gateway.submit(new JobSubmission(HordeSamples.owner(), null, "ok", "1", false)).statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("errors.id", equalTo("'id' is a required property"));
        given().contentType("application/json").body("{\"jobId\": \"not-a-uuid\"}")
                .post("/internal/submit").then().statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("errors.jobId", containsString("UUID"));
    }

    private long unpublished(UUID requestId) {
        return pool.preparedQuery("select count(*) as n from outbox where record_key = $1 and published_at is null")
                .execute(Tuple.of(requestId.toString()))
                .await().indefinitely().iterator().next().getLong("n");
    }

    private long completedEvents(UUID job) {
        return pool.preparedQuery("select count(*) as n from outbox where topic = $1 and payload::jsonb ->> 'jobId' = $2")
                .execute(Tuple.of(Topics.JOBS_COMPLETED, job.toString()))
                .await().indefinitely().iterator().next().getLong("n");
    }

    private String jobSeed(UUID job) {
        return pool.preparedQuery("select seed from jobs where id = $1").execute(Tuple.of(job))
                .await().indefinitely().iterator().next().getString("seed");
    }
}
