package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.ModelQueueStatus;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.domain.TextQueueInsight.HeldText;
import org.openhorde.jobs.domain.TextQueueInsight.OnlineScribe;
import org.openhorde.jobs.domain.TextQueueInsight.QueuedText;

/**
 * Pins the text side of the queue snapshot: positions in pop order, waits from the tokens ahead and the capable
 * scribes' threads, is_possible by the scribes' text limits, and the queued figures of /status/performance.
 */
class TextQueueInsightTest {

    private static final String MODEL = "koboldcpp/LLaMA2-13B-Tiefighter";

    private static QueuedText queued(int maxLength, int maxContext, int waiting) {
        return new QueuedText(UUID.randomUUID(), List.of(MODEL), maxLength, maxContext, null, false, waiting);
    }

    private static OnlineScribe scribe(int maxLength, int maxContext, int threads) {
        return new OnlineScribe(List.of(MODEL), maxLength, maxContext, List.of(), false, threads);
    }

    @Test
    void positionsAndWaitsFollowTheTokensAheadAndTheCapableThreads() {
        QueuedText first = queued(100, 1024, 2);
        QueuedText second = queued(200, 1024, 1);
        TextQueueInsight.Result result = TextQueueInsight.compute(List.of(first, second), List.of(),
                List.of(scribe(512, 2048, 2)), 10);
        RequestEstimate one = result.estimates().get(first.id());
        RequestEstimate two = result.estimates().get(second.id());
        assertEquals(1, one.queuePosition());
        assertEquals(10, one.waitTime(), "200 tokens at 10 a second on each of 2 threads");
        assertEquals(2, two.queuePosition());
        assertEquals(20, two.waitTime(), "400 tokens ahead, its own included");
        assertTrue(one.possible());
        assertEquals(3, result.queuedTextRequests());
        assertEquals(400, result.queuedTokens());
        assertEquals(2, result.threadCount());
    }

    @Test
    void aRequestNoScribeCanServeIsNotPossible() {
        QueuedText tooLong = queued(1024, 1024, 1);
        QueuedText tooMuchContext = queued(80, 8192, 1);
        QueuedText softprompt = new QueuedText(UUID.randomUUID(), List.of(), 80, 1024, "poet", false, 1);
        QueuedText nsfw = new QueuedText(UUID.randomUUID(), List.of(), 80, 1024, null, true, 1);
        TextQueueInsight.Result result = TextQueueInsight.compute(List.of(tooLong, tooMuchContext, softprompt, nsfw),
                List.of(), List.of(scribe(512, 2048, 1)), 0);
        assertFalse(result.estimates().get(tooLong.id()).possible());
        assertFalse(result.estimates().get(tooMuchContext.id()).possible());
        assertFalse(result.estimates().get(softprompt.id()).possible());
        assertFalse(result.estimates().get(nsfw.id()).possible());
        assertTrue(new OnlineScribe(List.of(), 512, 2048, List.of("poet"), true, 1).canServe(softprompt));
    }

    @Test
    void heldGenerationsCountAsQueuedAndTheirTimeLeftIsAdded() {
        QueuedText request = queued(100, 1024, 1);
        TextQueueInsight.Result result = TextQueueInsight.compute(List.of(request),
                List.of(new HeldText(request.id(), MODEL, 100, 4)), List.of(scribe(512, 2048, 1)), 10);
        assertEquals(16, result.estimates().get(request.id()).waitTime(), "10 s of its waiting one + 6 s left");
        assertEquals(2, result.queuedTextRequests());
        UUID allHeld = UUID.randomUUID();
        result = TextQueueInsight.compute(List.of(), List.of(new HeldText(allHeld, MODEL, 100, 0)), List.of(), 0);
        RequestEstimate estimate = result.estimates().get(allHeld);
        assertEquals(0, estimate.queuePosition());
        assertEquals(100, estimate.waitTime(), "1 token a second before anything was measured");
        assertTrue(estimate.possible());
    }

    @Test
    void theModelLinesCountThreadsQueuedTokensAndEta() {
        TextQueueInsight.Result result = TextQueueInsight.compute(List.of(queued(100, 1024, 3)), List.of(),
                List.of(scribe(512, 2048, 2)), 5);
        assertEquals(List.of(new ModelQueueStatus(MODEL, 2, 5, 300, 3, 30)), result.models());
    }
}
