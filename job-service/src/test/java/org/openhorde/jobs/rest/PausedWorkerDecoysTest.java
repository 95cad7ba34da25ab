package org.openhorde.jobs.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.SpecBuilder.Pop;
import org.openhorde.jobs.SpecBuilder.Request;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Pins the AI Horde's fake generations: a paused worker gets its owner's requests for real and everybody else's as
 * decoys, once per request; a decoy claims nothing, and its submission is answered like a real one but pays nothing
 * and delivers nothing.
 */
@QuarkusTest
class PausedWorkerDecoysTest {

    @Inject
    TestGateway gateway;

    @Inject
    QueueProbe probe;

    private WorkerPop pausedWorker(String model, long owner) {
        WorkerPop pop = new Pop(model).owner(owner, false).build();
        UUID id = gateway.popResult(pop).workerId();
        WorkerAdmin.change(id, HordeSamples.owner(), true, null, null, true, null, null).statusCode(200);
        return pop;
    }

    /** Pops until the worker gets {@code wanted} (requests for any model, of other tests, may come first). */
    private PopResult popUntil(WorkerPop pop, UUID wanted) {
        for (int i = 0; i < 200; i++) {
            PopResult result = gateway.popResult(pop);
            assertFalse(result.empty(), "the worker ran dry before it got " + wanted);
            if (wanted.equals(result.requestId())) {
                return result;
            }
        }
        throw new AssertionError("never got " + wanted);
    }

    @Test
    void aPausedWorkerGetsOneDecoyOfAStrangersRequestAndItsSubmissionPaysAndDeliversNothing() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        WorkerPop paused = pausedWorker(model, owner);
        JobSubmitted stranger = HordeSamples.submitted(HordeSamples.spec(model), 2, 100);

        try (TopicTail completedTail = gateway.tail(Topics.JOBS_COMPLETED)) {
            gateway.publish(stranger);
            probe.awaitQueued(List.of(stranger.requestId()));

            PopResult decoy = popUntil(paused, stranger.requestId());
            assertEquals(1, decoy.jobIds().size(), "a decoy is one image");
            UUID fakeId = decoy.jobIds().get(0);
            assertFalse(stranger.jobIds().contains(fakeId), "a decoy's id is no job's");
            assertEquals(stranger.spec(), decoy.spec(), "the decoy carries the request's real payload");
            assertEquals(model, decoy.model());
            String waiting = "select count(*) as n from jobs where request_id = $1 and state = 'WAITING'";
            assertEquals(2, probe.count(waiting, Tuple.of(stranger.requestId())), "nothing of the request was claimed");

            // once tricked by a request, the worker never sees it again
            for (int i = 0; i < 200; i++) {
                PopResult next = gateway.popResult(paused);
                assertNotEquals(stranger.requestId(), next.requestId(), "a request is a decoy only once");
                if (next.empty()) {
                    break;
                }
            }

            gateway.submit(HordeSamples.owner(), fakeId, "ok", "7").statusCode(403)
                    .body("rc", equalTo("WrongCredentials"))
                    .body("message", equalTo("Wrong credentials to submit as this worker."));
            gateway.submit(owner, fakeId, "ok", "7").statusCode(200).body("reward", equalTo(1234));
            gateway.submit(owner, fakeId, "ok", "7").statusCode(400)
                    .body("rc", equalTo("DuplicateGen"))
                    .body("message", equalTo("Processing Generation with ID " + fakeId + " already submitted."));
            WorkerAdmin.details(decoy.workerId()).statusCode(200).body("requestsFulfilled", equalTo(0));
            // Kudos, the requester's images and the shared dataset all follow JobCompleted; none is written for it.
            assertEquals(0, probe.count("select count(*) as n from outbox where strpos(payload, $1) > 0",
                    Tuple.of(fakeId.toString())), "a decoy's submission is never announced");

            // The request's real images are still there for an honest worker.
            WorkerPop honest = new Pop(model).owner(HordeSamples.owner(), false).amount(2).build();
            PopResult real = popUntil(honest, stranger.requestId());
            assertEquals(stranger.jobIds(), real.jobIds());
            for (UUID job : real.jobIds()) {
                gateway.submit(honest.ownerUserId(), job, "ok", "8").statusCode(200).body("reward", equalTo(1234));
            }
            for (UUID job : real.jobIds()) {
                assertEquals(job, completedTail.await(JobCompleted.class, e -> e.jobId().equals(job)).jobId());
            }
        }
    }

    @Test
    void aPausedWorkerStillDoesItsOwnersRequests() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        WorkerPop paused = pausedWorker(model, owner);

        JobSubmitted own = new Request(model).requester(owner, 0).submitted();
        gateway.publish(own);
        probe.awaitQueued(List.of(own.requestId()));
        PopResult popped = gateway.popResult(paused);
        assertEquals(own.requestId(), popped.requestId());
        assertEquals(own.jobIds(), popped.jobIds(), "its owner's images are really claimed");
    }
}
