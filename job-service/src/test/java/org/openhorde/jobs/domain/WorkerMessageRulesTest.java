package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.WorkerMessage;
import org.openhorde.contracts.internal.WorkerMessagePost;

/** Pins who may message which worker, how a message is signed and owned, and which messages a pop shows. */
class WorkerMessageRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final UUID WORKER = UUID.randomUUID();

    @Test
    void aModeratorMessagesAnyWorkerAndTheMessageBelongsToItsOwner() {
        WorkerMessage message = WorkerMessageRules.message(
                new WorkerMessagePost(9, true, WORKER, "hello", null, 2), Optional.of(5L), UUID.randomUUID(), NOW);
        assertEquals(5, message.userId());
        assertEquals(WorkerMessageRules.MODERATORS, message.origin());
        assertEquals(NOW.plus(Duration.ofHours(2)), message.expiry());
    }

    @Test
    void anOwnerMessagesOnlyTheirOwnWorkersSignedWithTheirId() {
        WorkerMessage own = WorkerMessageRules.message(
                new WorkerMessagePost(5, false, WORKER, "note", "fake origin", 1), Optional.of(5L), UUID.randomUUID(),
                NOW);
        assertEquals("5", own.origin());
        HordeException other = assertThrows(HordeException.class, () -> WorkerMessageRules.message(
                new WorkerMessagePost(6, false, WORKER, "x", null, 1), Optional.of(5L), UUID.randomUUID(), NOW));
        assertEquals("MessagesOnlyOwnWorkers", other.error().rc());
        assertThrows(HordeException.class, () -> WorkerMessageRules.message(
                new WorkerMessagePost(6, false, null, "x", null, 1), Optional.empty(), UUID.randomUUID(), NOW));
    }

    @Test
    void aPopShowsUnexpiredMessagesToItsWorkerAndToEveryWorker() {
        WorkerMessage mine = new WorkerMessage(UUID.randomUUID(), WORKER, 5, "mine", "m", NOW.plusSeconds(60), NOW);
        WorkerMessage all = new WorkerMessage(UUID.randomUUID(), null, 9, "all", "m", NOW.plusSeconds(60), NOW);
        WorkerMessage other = new WorkerMessage(UUID.randomUUID(), UUID.randomUUID(), 7, "o", "m",
                NOW.plusSeconds(60), NOW);
        WorkerMessage expired = new WorkerMessage(UUID.randomUUID(), WORKER, 5, "old", "m", NOW.minusSeconds(1), NOW);
        assertEquals(List.of(mine, all),
                WorkerMessageRules.activeFor(List.of(mine, all, other, expired), WORKER, NOW));
    }
}
