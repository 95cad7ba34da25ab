package org.openhorde.jobs.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.TestGateway;

/** Pins that intake is idempotent: a redelivered event, or the same request under a new event id, queues nothing twice. */
@QuarkusTest
class JobSubmittedIntakeTest {


    @Inject
    TestGateway gateway;
    @Inject
    QueueProbe queue;


    @Test
    void replayingARequestQueuesItsJobsOnce() {
        String model = HordeSamples.model();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 3, 100);
        JobSubmitted sameRequestAgain = new JobSubmitted(UUID.randomUUID(), submitted.type(), submitted.version(),
                submitted.occurredAt(), submitted.requestId(), submitted.requester(), submitted.spec(),
                submitted.jobIds(), submitted.pricePerImage(), submitted.taxPerImage(), submitted.shared(),
                submitted.clientAgent());
        gateway.publish(submitted);
        gateway.publish(submitted);
        // Same key, so same partition: once this last one is processed, both before it were too.
        gateway.publish(sameRequestAgain);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inboxed(sameRequestAgain.eventId()));

        assertEquals(3, queue.jobsOf(submitted.requestId()));
        assertEquals(1, queue.count("select count(*) as n from inbox where event_id = $1 and outcome = $2",
                Tuple.of(sameRequestAgain.eventId(), "duplicate_request")), "recognised by its request id");
        // The requester's own worker: its owner's requests come first, so requests for any model that other
        // helpers' tests publish on the shared topic cannot come in between.
        long owner = submitted.requester().userId();
        PopResult popped = gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), model, 20));
        assertEquals(submitted.jobIds(), popped.jobIds());
        assertNotEquals(submitted.requestId(),
                gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), model, 20)).requestId(),
                "no job of the request is left");
    }

    @Test
    void anEventWithoutJobsQueuesNothing() {
        String model = HordeSamples.model();
        JobSubmitted noJobs = HordeSamples.submitted(HordeSamples.spec(model), 0, 100);
        JobSubmitted fixed = new JobSubmitted(UUID.randomUUID(), noJobs.type(), noJobs.version(), noJobs.occurredAt(),
                noJobs.requestId(), noJobs.requester(), noJobs.spec(), List.of(UUID.randomUUID()),
                noJobs.pricePerImage(), noJobs.taxPerImage(), noJobs.shared(), noJobs.clientAgent());
        gateway.publish(noJobs);
        // Same request id, so same partition and processed after it: had the bad event queued the request, this one
        // would be a duplicate and add no job.
        gateway.publish(fixed);
        queue.awaitQueued(List.of(fixed.requestId()));
        assertEquals(1, queue.jobsOf(fixed.requestId()));
        assertEquals(0, queue.count("select count(*) as n from inbox where event_id = $1",
                Tuple.of(noJobs.eventId())));
    }

    private boolean inboxed(UUID eventId) {
        return queue.count("select count(*) as n from inbox where event_id = $1", Tuple.of(eventId)) == 1;
    }
}
