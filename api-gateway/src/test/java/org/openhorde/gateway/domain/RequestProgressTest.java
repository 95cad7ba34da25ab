package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins how a request's counters derive from its jobs' states. */
class RequestProgressTest {

    private static JobProgress job(JobState state, long charged) {
        return new JobProgress(UUID.randomUUID(), state, charged, null);
    }

    @Test
    void countersFollowTheJobs() {
        RequestProgress progress = new RequestProgress(List.of(job(JobState.WAITING, 0), job(JobState.CLAIMED, 0),
                job(JobState.DELIVERED, 950), job(JobState.CENSORED, 300)), false, true);
        assertEquals(1, progress.waiting());
        assertEquals(1, progress.processing());
        assertEquals(2, progress.finished());
        assertEquals(1250, progress.consumed());
        assertFalse(progress.done());
        assertFalse(progress.faulted());
        assertEquals(2, progress.finishedJobs().size());
    }

    @Test
    void doneWhenEveryJobHasAnOutcomeFaultedWhenOneFailedForGood() {
        RequestProgress progress = new RequestProgress(List.of(job(JobState.DELIVERED, 950),
                job(JobState.FAULTED, 0), job(JobState.EXPIRED, 0)), true, true);
        assertTrue(progress.done());
        assertTrue(progress.faulted());
        assertEquals(1, progress.finished());
        assertEquals(0, progress.waiting());
    }

    @Test
    void statesOnlyRankForward() {
        assertTrue(JobState.WAITING.rank() < JobState.CLAIMED.rank());
        for (JobState terminal : List.of(JobState.DELIVERED, JobState.CENSORED, JobState.FAULTED,
                JobState.CANCELLED, JobState.EXPIRED)) {
            assertTrue(terminal.terminal());
            assertTrue(JobState.CLAIMED.rank() < terminal.rank());
        }
        assertFalse(JobState.CLAIMED.terminal());
    }
}
