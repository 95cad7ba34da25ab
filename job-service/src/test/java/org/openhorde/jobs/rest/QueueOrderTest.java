package org.openhorde.jobs.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.domain.SkippedRequests;

/** Pins matching and queue order: priority then age, one request per batch, and the skipped histogram. */
@QuarkusTest
class QueueOrderTest {


    @Inject
    TestGateway gateway;
    @Inject
    QueueProbe queue;


    @Test
    void richerRequesterIsServedFirst() {
        String model = HordeSamples.model();
        JobSubmitted poorer = HordeSamples.submitted(HordeSamples.spec(model), 1, 100);
        JobSubmitted richer = HordeSamples.submitted(HordeSamples.spec(model), 1, 5000);
        gateway.publish(poorer);
        gateway.publish(richer);
        queue.awaitQueued(List.of(poorer.requestId(), richer.requestId()));

        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        assertEquals(richer.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1)).requestId());
        assertEquals(poorer.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1)).requestId());
    }

    @Test
    void atEqualPriorityTheOlderRequestIsServedFirst() {
        String model = HordeSamples.model();
        Instant now = Instant.now();
        JobSubmitted newer = HordeSamples.submitted(HordeSamples.spec(model), 1, 700, now);
        JobSubmitted older = HordeSamples.submitted(HordeSamples.spec(model), 1, 700, now.minusSeconds(60));
        gateway.publish(newer);
        gateway.publish(older);
        queue.awaitQueued(List.of(newer.requestId(), older.requestId()));

        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        assertEquals(older.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1)).requestId(),
                "age counts from when the gateway accepted it, not from arrival");
        assertEquals(newer.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1)).requestId());
    }

    @Test
    void aGenerousUserOvertakesALongQueueOfAnonymousRequests() {
        String model = HordeSamples.model();
        List<JobSubmitted> anonymous = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            anonymous.add(HordeSamples.submitted(HordeSamples.spec(model), 1, -5000, Instant.now().minusSeconds(5)));
        }
        JobSubmitted generous = HordeSamples.submitted(HordeSamples.spec(model), 1, 100_000);
        anonymous.forEach(gateway::publish);
        gateway.publish(generous);
        List<java.util.UUID> all = new java.util.ArrayList<>(anonymous.stream().map(JobSubmitted::requestId).toList());
        all.add(generous.requestId());
        queue.awaitQueued(all);

        assertEquals(generous.requestId(), gateway.popResult(HordeSamples.pop(HordeSamples.owner(),
                HordeSamples.workerName(), model, 1)).requestId());
    }

    @Test
    void waitingRaisesPrioritySoThatNobodyStarves() {
        String model = HordeSamples.model();
        // −50 kudos waiting 30 s ages by 30 × 5 = 150 kudos: ahead of a fresh request with 50 kudos
        JobSubmitted patientAnonymous = HordeSamples.submitted(HordeSamples.spec(model), 1, -5000,
                Instant.now().minusSeconds(30));
        JobSubmitted freshRicher = HordeSamples.submitted(HordeSamples.spec(model), 1, 5000);
        gateway.publish(freshRicher);
        gateway.publish(patientAnonymous);
        queue.awaitQueued(List.of(patientAnonymous.requestId(), freshRicher.requestId()));

        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        assertEquals(patientAnonymous.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1))
                .requestId());
        assertEquals(freshRicher.requestId(), gateway.popResult(HordeSamples.pop(owner, name, model, 1)).requestId());
    }

    @Test
    void aBatchTakesUpToAmountImagesOfOneRequestOnly() {
        String model = HordeSamples.model();
        JobSubmitted first = HordeSamples.submitted(HordeSamples.spec(model), 3, 900);
        JobSubmitted second = HordeSamples.submitted(HordeSamples.spec(model), 3, 800);
        gateway.publish(first);
        gateway.publish(second);
        queue.awaitQueued(List.of(first.requestId(), second.requestId()));

        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        PopResult pair = gateway.popResult(HordeSamples.pop(owner, name, model, 2));
        assertEquals(first.jobIds().subList(0, 2), pair.jobIds(), "images are handed out in order");
        PopResult rest = gateway.popResult(HordeSamples.pop(owner, name, model, 10));
        assertEquals(first.jobIds().subList(2, 3), rest.jobIds(), "never mixed with the next request");
        assertEquals(second.jobIds(), gateway.popResult(HordeSamples.pop(owner, name, model, 10)).jobIds());
        assertTrue(gateway.popResult(HordeSamples.pop(owner, name, model, 10)).empty());
    }

    @Test
    void aRequestWithoutModelsGoesToAnyWorkerThatCanTakeIt() {
        // Only workers meant for it take a request this big, so it never reaches another test's worker. Its
        // priority (a timestamp) puts it ahead of leftovers of earlier runs.
        JobSubmitted anyModel = HordeSamples.submitted(
                HordeSamples.spec(List.of(), HordeSamples.HUGE, HordeSamples.HUGE, false, null), 1,
                System.currentTimeMillis());
        gateway.publish(anyModel);
        String workerModel = HordeSamples.model();
        PopResult popped = gateway.awaitWork(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                List.of(workerModel, HordeSamples.model()), 1, (long) HordeSamples.HUGE * HordeSamples.HUGE, false));
        assertEquals(anyModel.requestId(), popped.requestId());
        assertEquals(workerModel, popped.model(), "the worker's first model");
    }

    @Test
    void nsfwRequestsGoOnlyToNsfwWorkers() {
        String model = HordeSamples.model();
        JobSubmitted nsfw = HordeSamples.submitted(HordeSamples.spec(List.of(model), 512, 512, true, null), 1, 100);
        gateway.publish(nsfw);
        queue.awaitQueued(List.of(nsfw.requestId()));
        long owner = HordeSamples.owner();
        assertTrue(gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), model, 1)).empty());
        PopResult popped = gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), List.of(model), 1,
                HordeSamples.WORKER_PIXELS, true));
        assertEquals(nsfw.requestId(), popped.requestId());
    }

    @Test
    void anEmptyPopSaysWhatWasSkippedAndWhy() {
        String model = HordeSamples.model();
        JobSubmitted otherModel = HordeSamples.submitted(HordeSamples.spec(HordeSamples.model()), 1, 100);
        JobSubmitted tooBig = HordeSamples.submitted(HordeSamples.spec(List.of(model), 1024, 1024, false, null), 1, 100);
        JobSubmitted nsfw = HordeSamples.submitted(HordeSamples.spec(List.of(model), 512, 512, true, null), 1, 100);
        gateway.publish(otherModel);
        gateway.publish(tooBig);
        gateway.publish(nsfw);
        queue.awaitQueued(List.of(otherModel.requestId(), tooBig.requestId(), nsfw.requestId()));

        PopResult empty = gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(),
                List.of(model), 1, 512L * 512, false));
        assertTrue(empty.empty());
        assertNull(empty.requestId());
        assertTrue(empty.workerId() != null);
        Map<String, Integer> skipped = empty.skipped();
        assertEquals(SkippedRequests.REASONS, List.copyOf(skipped.keySet()), "a plain worker skips nothing for the loop reasons");
        // Other tests' requests are skipped too (for their models, or their size), so these are lower bounds.
        assertTrue(skipped.get("models") >= 1, "the request for another model: " + skipped);
        assertTrue(skipped.get("max_pixels") >= 1, "the 1024×1024 request: " + skipped);
        assertTrue(skipped.get("nsfw") >= 1, "the nsfw request: " + skipped);
        // no IP checks and no bridge capability table: these never count
        assertEquals(0, skipped.get("unsafe_ip") + skipped.get("bridge_version"));
    }
}
