package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.ModelQueueStatus;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.service.QueueSnapshots;

/**
 * The queue snapshot over the real database: is_possible follows the online workers, positions follow pop order,
 * and the per-model figures and image statistics count what happened.
 */
@QuarkusTest
class QueueInsightTest {

    @Inject
    TestGateway gateway;
    @Inject
    QueueProbe queue;
    @Inject
    QueueSnapshots snapshots;

    private RequestEstimate estimate(UUID requestId) {
        return gateway.read(given().get("/internal/requests/" + requestId + "/estimate").then().statusCode(200)
                .extract().asString(), RequestEstimate.class);
    }

    private HordeQueueStatus status() {
        return gateway.read(given().get("/internal/status/queue").then().statusCode(200).extract().asString(),
                HordeQueueStatus.class);
    }

    private void refresh() {
        snapshots.refreshNow().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aRequestBecomesPossibleOnceAWorkerForItsModelIsOnline() {
        String model = HordeSamples.model();
        JobSubmitted first = HordeSamples.submitted(HordeSamples.spec(model), 1, 5000);
        JobSubmitted second = HordeSamples.submitted(HordeSamples.spec(model), 2, 100);
        gateway.publish(first);
        gateway.publish(second);
        queue.awaitQueued(List.of(first.requestId(), second.requestId()));
        refresh();

        RequestEstimate firstBefore = estimate(first.requestId());
        RequestEstimate secondBefore = estimate(second.requestId());
        assertTrue(firstBefore.known());
        assertFalse(firstBefore.possible(), "no worker serves " + model);
        assertFalse(secondBefore.possible());
        assertTrue(firstBefore.queuePosition() > 0);
        assertTrue(secondBefore.queuePosition() > firstBefore.queuePosition(), "the richer request is ahead");
        assertTrue(secondBefore.waitTime() >= firstBefore.waitTime());

        long owner = HordeSamples.owner();
        String worker = HordeSamples.workerName();
        PopResult popped = gateway.awaitWork(HordeSamples.pop(owner, worker, model, 1));
        // Foreign requests that name no model (other tests' events reach this schema too) match every worker and
        // may be older; they are popped out of the way.
        for (int foreign = 0; foreign < 100 && !first.requestId().equals(popped.requestId()); foreign++) {
            popped = gateway.awaitWork(HordeSamples.pop(owner, worker, model, 1));
        }
        assertEquals(first.requestId(), popped.requestId());
        refresh();

        RequestEstimate held = estimate(first.requestId());
        assertEquals(0, held.queuePosition(), "nothing of it waits any more");
        assertTrue(held.possible());
        RequestEstimate secondAfter = estimate(second.requestId());
        assertTrue(secondAfter.possible(), "a worker for " + model + " is online now");
        assertTrue(secondAfter.queuePosition() > 0);
        // Other tests' fast deliveries set the measured speed here, so only "some wait" can be asserted.
        assertTrue(secondAfter.waitTime() > 0);

        ModelQueueStatus line = status().models().stream().filter(m -> m.name().equals(model)).findFirst()
                .orElseThrow();
        assertEquals(1, line.count());
        assertEquals(2, line.jobs());
        assertEquals(2 * 512 * 512 * 30.0, line.queued(), 1e-6);

        gateway.submit(owner, popped.jobIds().get(0), "ok", "1").statusCode(200);
        ImageStats stats = gateway.read(given().get("/internal/status/images").then().statusCode(200).extract()
                .asString(), ImageStats.class);
        assertEquals(1L, stats.models().get("total").get(model));
        assertEquals(1L, stats.models().get("day").get(model));
        assertTrue(stats.totals().get("minute").images() >= 1);
        assertTrue(stats.totals().get("total").ps() >= 512L * 512 * 30);
    }

    /**
     * An interrogation worker is registered beside the image workers, its forms where they keep their models; the
     * image figures (worker and thread counts, a model's worker count, is_possible) must not count it.
     */
    @Test
    void anInterrogationWorkerIsNoImageWorker() {
        String model = HordeSamples.model();
        JobSubmitted request = HordeSamples.submitted(HordeSamples.spec(model), 1, 100);
        gateway.publish(request);
        queue.awaitQueued(List.of(request.requestId()));
        refresh();
        HordeQueueStatus before = status();

        // An alchemist whose one "form" is spelled like the image model, with many threads.
        gateway.interrogationCheckIn(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                List.of(model), 1, 16, false)).statusCode(200).body("type", org.hamcrest.Matchers.equalTo(
                "interrogation"));
        refresh();

        HordeQueueStatus after = status();
        assertFalse(estimate(request.requestId()).possible(), "no image worker serves " + model);
        assertTrue(after.models().stream().filter(m -> m.name().equals(model)).allMatch(m -> m.count() == 0),
                "the model counts no worker: " + after.models());
        // Other tests' workers can only drop out of the online window meanwhile, never come in.
        assertTrue(after.workerCount() <= before.workerCount(), before.workerCount() + " → " + after.workerCount());
        assertTrue(after.threadCount() <= before.threadCount(), before.threadCount() + " → " + after.threadCount());
    }

    @Test
    void anUnknownRequestHasNoEstimate() {
        assertFalse(estimate(UUID.randomUUID()).known());
        assertFalse(estimate(UUID.fromString("00000000-0000-0000-0000-000000000000")).known());
        given().get("/internal/requests/not-a-uuid/estimate").then().statusCode(200);
    }
}
