package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.events.WorkerRef;

/** Pins who may submit a job: the owner of the worker holding it, once. */
class JobTest {

    private static final long OWNER = 42;
    private static final WorkerRef WORKER = new WorkerRef(UUID.randomUUID(), "w", OWNER);

    private static Job job(JobState state, WorkerRef worker) {
        return new Job(UUID.randomUUID(), UUID.randomUUID(), state, worker, "m", "1", null);
    }

    private static String rc(Job job, long owner) {
        return assertThrows(HordeException.class, () -> job.checkSubmittableBy(owner)).error().rc();
    }

    @Test
    void ownerOfTheHoldingWorkerMaySubmit() {
        assertDoesNotThrow(() -> job(JobState.CLAIMED, WORKER).checkSubmittableBy(OWNER));
    }

    @Test
    void anyoneElseHasWrongCredentials() {
        assertEquals("WrongCredentials", rc(job(JobState.CLAIMED, WORKER), OWNER + 1));
        assertEquals("WrongCredentials", rc(job(JobState.WAITING, null), OWNER), "nobody holds a waiting job");
        assertEquals("WrongCredentials", rc(job(JobState.DELIVERED, WORKER), OWNER + 1));
    }

    @Test
    void secondSubmitIsADuplicate() {
        Job delivered = job(JobState.DELIVERED, WORKER);
        HordeException e = assertThrows(HordeException.class, () -> delivered.checkSubmittableBy(OWNER));
        assertEquals("DuplicateGen", e.error().rc());
        assertEquals("Processing Generation with ID " + delivered.id() + " already submitted.", e.error().message());
        assertEquals("DuplicateGen", rc(job(JobState.CENSORED, WORKER), OWNER));
    }
}
