package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobRequeued;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Pins the queue slots behind pop (V7__queue_slots.sql): a slot exists exactly while its job waits in an active
 * request, one per model key, through intake, claim, give-back and cancel; and pop finds work through any of a
 * request's models, through the "any model" key, and past a deep queue of another model.
 */
@QuarkusTest
class QueueSlotsTest {

    @Inject
    TestGateway gateway;

    @Inject
    Pool pool;

    private long slots(UUID requestId) {
        return pool.preparedQuery("select count(*) as slots from queue_slots where request_id = $1")
                .execute(Tuple.of(requestId))
                .await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("slots");
    }

    private void awaitSlots(UUID requestId, long expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> slots(requestId) == expected);
    }

    @Test
    void aRequestHasOneSlotPerWaitingImageAndModelUntilItsImagesAreTakenOrItIsCancelled() {
        String first = HordeSamples.model();
        String second = HordeSamples.model();
        JobSubmitted submitted = HordeSamples.submitted(
                HordeSamples.spec(List.of(first, second), 64, 64, false, null), 3, 100);
        gateway.publish(submitted);
        awaitSlots(submitted.requestId(), 6);

        // A worker serving only the request's second model takes an image: its two slots go.
        PopResult popped = gateway.awaitWork(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                second, 1));
        assertEquals(submitted.requestId(), popped.requestId());
        assertEquals(second, popped.model());
        assertEquals(4, slots(submitted.requestId()));

        given().post("/internal/requests/" + submitted.requestId() + "/cancel").then().statusCode(204);
        assertEquals(0, slots(submitted.requestId()), "a cancelled request leaves nothing to pop");
        assertTrue(gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), first, 1))
                .empty());
    }

    @Test
    void anImageGivenBackWaitsInItsSlotsAgain() {
        String model = HordeSamples.model();
        // 64×64: the test profile gives such a job a time to live of about 3 s
        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(List.of(model), 64, 64, false, null), 1,
                100, Instant.now());
        try (TopicTail requeued = gateway.tail(Topics.JOBS_REQUEUED)) {
            gateway.publish(submitted);
            gateway.awaitWork(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), model, 1));
            assertEquals(0, slots(submitted.requestId()));
            requeued.await(JobRequeued.class, e -> e.requestId().equals(submitted.requestId()));
        }
        assertEquals(1, slots(submitted.requestId()));
        PopResult again = gateway.awaitWork(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                model, 1));
        assertEquals(submitted.jobIds(), again.jobIds());
    }

    @Test
    void aRequestForAnyModelIsServedByAWorkerOfAnyModel() {
        JobSubmitted anyModel = HordeSamples.submitted(HordeSamples.spec(List.of(), 64, 64, false, null), 1, 100);
        gateway.publish(anyModel);
        awaitSlots(anyModel.requestId(), 1);
        String workersModel = HordeSamples.model();
        // Other tests' any-model requests may be ahead of this one: pop until this one comes out.
        Set<UUID> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PopResult popped = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                    workersModel, 1));
            if (!popped.empty()) {
                assertEquals(workersModel, popped.model(), "an any-model request runs on the worker's model");
                seen.add(popped.requestId());
            }
            return seen.contains(anyModel.requestId());
        });
    }

    @Test
    void aWorkerFindsItsModelsRequestBehindADeepQueueOfAnotherModel() {
        String busyModel = HordeSamples.model();
        String rareModel = HordeSamples.model();
        List<JobSubmitted> busy = new ArrayList<>();
        // Higher priority than the rare request, so all of it is ahead in queue order.
        for (int i = 0; i < 60; i++) {
            busy.add(HordeSamples.submitted(HordeSamples.spec(busyModel), 1, 1_000_000));
        }
        busy.forEach(gateway::publish);
        JobSubmitted rare = HordeSamples.submitted(HordeSamples.spec(rareModel), 1, 0);
        gateway.publish(rare);
        awaitSlots(rare.requestId(), 1);
        awaitSlots(busy.get(busy.size() - 1).requestId(), 1);

        // Other tests' any-model requests (which a rare-model worker may also serve) can be ahead of the rare one:
        // pop until it comes out, but never a busy-model request.
        Set<UUID> busyIds = new HashSet<>(busy.stream().map(JobSubmitted::requestId).toList());
        Set<UUID> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PopResult popped = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                    rareModel, 1));
            if (!popped.empty()) {
                assertTrue(!busyIds.contains(popped.requestId()), "a rare-model worker never gets a busy-model job");
                seen.add(popped.requestId());
            }
            return seen.contains(rare.requestId());
        });
        // ... and a worker of the busy model takes the busy requests first, in queue order.
        PopResult busyPop = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                busyModel, 1));
        assertTrue(busy.stream().anyMatch(request -> request.requestId().equals(busyPop.requestId())));
    }
}
