package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.ModelQueueStatus;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.domain.QueueInsight.Capabilities;
import org.openhorde.jobs.domain.QueueInsight.Demands;
import org.openhorde.jobs.domain.QueueInsight.HeldImage;
import org.openhorde.jobs.domain.QueueInsight.OnlineWorker;
import org.openhorde.jobs.domain.QueueInsight.QueuedRequest;
import org.openhorde.jobs.domain.QueueInsight.Speeds;

/** queue_position, wait_time and is_possible per request, and the per-model figures, from one queue snapshot. */
class QueueInsightTest {

    private static final Speeds TWO_MPS_PER_THREAD = new Speeds(2.0, Map.of());

    private static QueuedRequest request(String model, long pixels, boolean nsfw, double mps, int waiting) {
        return new QueuedRequest(UUID.randomUUID(), model == null ? List.of() : List.of(model), pixels, nsfw, mps,
                waiting);
    }

    @Test
    void positionsFollowPopOrderAndWaitGrowsWithTheWorkAhead() {
        QueuedRequest first = request("sd", 512 * 512, false, 5.0, 1);
        QueuedRequest second = request("sd", 512 * 512, false, 5.0, 2);
        var result = QueueInsight.compute(List.of(first, second), List.of(),
                List.of(new OnlineWorker(List.of("sd"), 1 << 20, false, 1)), TWO_MPS_PER_THREAD);

        RequestEstimate a = result.estimates().get(first.id());
        RequestEstimate b = result.estimates().get(second.id());
        assertEquals(1, a.queuePosition());
        assertEquals(2, b.queuePosition());
        // its own 5 MPS at 2 MPS/s on one thread; then 5 + 10 MPS
        assertEquals(3, a.waitTime());
        assertEquals(8, b.waitTime());
        assertTrue(a.possible() && b.possible());
        assertEquals(3, result.waitingImages());
        assertEquals(15.0, result.queuedMegapixelsteps(), 1e-9);
    }

    @Test
    void capabilitiesAndTheRequestsWorkerChoiceDecideWhetherItIsPossible() {
        Demands lora = new Demands(false, false, false, true, false, false, List.of(), false);
        Demands onlyWorkerW2 = new Demands(false, false, false, false, false, false, List.of("w2"), false);
        Demands notW1 = new Demands(false, false, false, false, false, false, List.of("w1"), true);
        Demands trustedOnly = new Demands(false, false, false, false, false, true, List.of(), false);
        QueuedRequest wantsLora = new QueuedRequest(UUID.randomUUID(), List.of("sd"), 512 * 512, false, 1, 1, lora);
        QueuedRequest wantsW2 = new QueuedRequest(UUID.randomUUID(), List.of("sd"), 512 * 512, false, 1, 1,
                onlyWorkerW2);
        QueuedRequest excludesW1 = new QueuedRequest(UUID.randomUUID(), List.of("sd"), 512 * 512, false, 1, 1, notW1);
        QueuedRequest wantsTrusted = new QueuedRequest(UUID.randomUUID(), List.of("sd"), 512 * 512, false, 1, 1,
                trustedOnly);
        // the only online worker: w1, no LoRA, owned by an untrusted user
        OnlineWorker w1 = new OnlineWorker(List.of("sd"), 1 << 20, false, 1,
                new Capabilities("w1", true, true, true, false, true, false));
        var result = QueueInsight.compute(List.of(wantsLora, wantsW2, excludesW1, wantsTrusted), List.of(),
                List.of(w1), TWO_MPS_PER_THREAD);

        assertFalse(result.estimates().get(wantsLora.id()).possible(), "no online worker allows LoRA");
        assertFalse(result.estimates().get(wantsW2.id()).possible(), "the one worker it names is offline");
        assertFalse(result.estimates().get(excludesW1.id()).possible(), "it excludes the only online worker");
        assertFalse(result.estimates().get(wantsTrusted.id()).possible(), "no trusted worker is online");

        OnlineWorker w2 = new OnlineWorker(List.of("sd"), 1 << 20, false, 1,
                new Capabilities("w2", true, true, true, true, true, true));
        var withW2 = QueueInsight.compute(List.of(wantsLora, wantsW2, excludesW1, wantsTrusted), List.of(),
                List.of(w1, w2), TWO_MPS_PER_THREAD);
        assertTrue(withW2.estimates().values().stream().allMatch(RequestEstimate::possible));
    }

    @Test
    void aRequestNoOnlineWorkerCanServeIsImpossible() {
        QueuedRequest otherModel = request("flux", 512 * 512, false, 5.0, 1);
        QueuedRequest tooLarge = request("sd", 2048L * 2048, false, 5.0, 1);
        QueuedRequest nsfw = request("sd", 512 * 512, true, 5.0, 1);
        QueuedRequest anyModel = request(null, 512 * 512, false, 5.0, 1);
        var result = QueueInsight.compute(List.of(otherModel, tooLarge, nsfw, anyModel), List.of(),
                List.of(new OnlineWorker(List.of("sd"), 1 << 20, false, 2)), TWO_MPS_PER_THREAD);

        assertFalse(result.estimates().get(otherModel.id()).possible());
        assertFalse(result.estimates().get(tooLarge.id()).possible());
        assertFalse(result.estimates().get(nsfw.id()).possible());
        assertTrue(result.estimates().get(anyModel.id()).possible());
    }

    @Test
    void aRequestWhoseImagesAreAllHeldIsPossibleAndShowsTheTimeLeft() {
        UUID held = UUID.randomUUID();
        var result = QueueInsight.compute(List.of(), List.of(new HeldImage(held, "sd", 10.0, 1.0)), List.of(),
                TWO_MPS_PER_THREAD);

        RequestEstimate estimate = result.estimates().get(held);
        assertEquals(0, estimate.queuePosition());
        assertEquals(4, estimate.waitTime());
        assertTrue(estimate.possible());
        assertEquals(1, result.heldImages());
    }

    @Test
    void onlyThreadsThatCanServeTheRequestCountForItsWait() {
        QueuedRequest rare = request("rare", 512 * 512, false, 4.0, 4);
        List<OnlineWorker> workers = List.of(new OnlineWorker(List.of("sd"), 1 << 20, false, 8),
                new OnlineWorker(List.of("rare"), 1 << 20, false, 1));
        var result = QueueInsight.compute(List.of(rare), List.of(), workers, TWO_MPS_PER_THREAD);

        // 16 MPS on the one thread that has the model, not on nine
        assertEquals(8, result.estimates().get(rare.id()).waitTime());
    }

    @Test
    void modelLinesCountThreadsQueuedWorkAndEta() {
        QueuedRequest sd = request("sd", 512 * 512, false, 5.0, 2);
        QueuedRequest nobody = request("nobody", 512 * 512, false, 5.0, 1);
        var result = QueueInsight.compute(List.of(sd, nobody), List.of(),
                List.of(new OnlineWorker(List.of("sd"), 1 << 20, false, 2),
                        new OnlineWorker(List.of("sd", "idle"), 1 << 20, false, 1)), TWO_MPS_PER_THREAD);

        Map<String, ModelQueueStatus> lines = new java.util.HashMap<>();
        result.models().forEach(line -> lines.put(line.name(), line));
        assertEquals(List.of("idle", "nobody", "sd"), result.models().stream().map(ModelQueueStatus::name).toList());
        ModelQueueStatus line = lines.get("sd");
        assertEquals(3, line.count());
        assertEquals(2, line.jobs());
        assertEquals(10_000_000.0, line.queued(), 1e-6);
        assertEquals(2_000_000.0, line.performance(), 1e-6);
        assertEquals(2, line.eta()); // 10 MPS at 3 threads × 2 MPS/s
        assertEquals(QueueInsight.NO_ETA, lines.get("nobody").eta());
        assertEquals(0, lines.get("idle").jobs());
        assertEquals(2, result.workerCount());
        assertEquals(3, result.threadCount());
    }
}
