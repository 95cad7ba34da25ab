package org.openhorde.jobs.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Pins the gateway's direct intake: once {@code POST /internal/requests} answered, a pop finds the request at once;
 * the request is announced on {@code horde.jobs.submitted} from the outbox exactly once; a retry (same event, or the
 * same request under another event id) queues and announces nothing more; and the echo of the announcement reaching
 * the topic's consumer changes nothing.
 */
@QuarkusTest
class DirectIntakeTest {

    @Inject
    TestGateway gateway;
    @Inject
    QueueProbe queue;

    @Test
    void aRequestIsPoppableAsSoonAsTheIntakeAnsweredAndAnnouncedOnce() {
        String model = HordeSamples.model();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 2, 100);
        try (TopicTail announced = gateway.tail(Topics.JOBS_SUBMITTED)) {
            gateway.queue(submitted).statusCode(204);

            // No waiting: the 204 means the request is in the queue.
            long owner = submitted.requester().userId();
            PopResult popped = gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), model, 20));
            assertEquals(submitted.jobIds(), popped.jobIds());

            JobSubmitted echo = announced.await(JobSubmitted.class,
                    event -> event.requestId().equals(submitted.requestId()));
            assertEquals(submitted.eventId(), echo.eventId(), "the gateway's event, published from the outbox");
        }
        assertEquals(1, outboxRows(submitted.eventId()));
        assertEquals(1, queue.count("select count(*) as n from inbox where event_id = $1 and outcome = 'processed'",
                Tuple.of(submitted.eventId())), "the echo from the topic found the event already claimed");
    }

    @Test
    void retryingTheSameRequestQueuesAndAnnouncesNothingMore() {
        String model = HordeSamples.model();
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(model), 3, 100);
        JobSubmitted sameRequestAgain = new JobSubmitted(UUID.randomUUID(), submitted.type(), submitted.version(),
                submitted.occurredAt(), submitted.requestId(), submitted.requester(), submitted.spec(),
                submitted.jobIds(), submitted.pricePerImage(), submitted.taxPerImage(), submitted.shared(),
                submitted.clientAgent());

        gateway.queue(submitted).statusCode(204);
        gateway.queue(submitted).statusCode(204);
        gateway.queue(sameRequestAgain).statusCode(204);

        assertEquals(3, queue.jobsOf(submitted.requestId()));
        assertEquals(1, outboxRows(submitted.eventId()));
        assertEquals(0, outboxRows(sameRequestAgain.eventId()));
    }

    @Test
    void aRequestThatCannotBeQueuedIsA400AndLeavesNothing() {
        JobSubmitted noJobs = HordeSamples.submitted(HordeSamples.spec(HordeSamples.model()), 0, 100);
        gateway.queue(noJobs).statusCode(400).body("rc", equalTo("BadRequest"));
        JobSubmitted valid = HordeSamples.submitted(HordeSamples.spec(HordeSamples.model()), 1, 100);
        JobSubmitted noTime = new JobSubmitted(valid.eventId(), valid.type(), valid.version(), null,
                valid.requestId(), valid.requester(), valid.spec(), valid.jobIds(), valid.pricePerImage(),
                valid.taxPerImage(), valid.shared(), valid.clientAgent());
        gateway.queue(noTime).statusCode(400).body("rc", equalTo("BadRequest"));
        assertEquals(0, outboxRows(noTime.eventId()));
        gateway.queue("").statusCode(400).body("rc", equalTo("BadRequest"));
        gateway.queue("{\"requestId\":").statusCode(400).body("rc", equalTo("BadRequest"));
        assertEquals(0, queue.jobsOf(noJobs.requestId()));
        assertEquals(0, outboxRows(noJobs.eventId()));
        assertEquals(0, queue.count("select count(*) as n from inbox where event_id = $1",
                Tuple.of(noJobs.eventId())));
    }

    private long outboxRows(UUID eventId) {
        return queue.count("select count(*) as n from outbox where event_id = $1 and topic = $2",
                Tuple.of(eventId, Topics.JOBS_SUBMITTED));
    }
}
