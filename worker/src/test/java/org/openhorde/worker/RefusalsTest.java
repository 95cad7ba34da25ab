package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which refusals end a submission or the worker, and how the waiting grows while the horde is down. */
class RefusalsTest {

    @Test
    void theAiHordeWorkersFinalMessagesEndASubmission() {
        assertTrue(Refusals.isFinalForSubmit("Processing Job with ID 1 does not exist."));
        assertTrue(Refusals.isFinalForSubmit("Processing Generation with ID 1 already submitted."));
        assertTrue(Refusals.isFinalForSubmit("... Please check your worker speed ..."));
        assertFalse(Refusals.isFinalForSubmit("Service unavailable"));
        assertFalse(Refusals.isFinalForSubmit(null));
        assertTrue(Refusals.isAlreadyDelivered("Processing Generation with ID 1 already submitted."));
    }

    @Test
    void onlyIncurableRefusalsStopTheWorker() {
        assertTrue(Refusals.stopsWorker(401, "InvalidAPIKey"));
        assertTrue(Refusals.stopsWorker(403, "WrongCredentials"));
        assertTrue(Refusals.stopsWorker(400, ""));
        assertFalse(Refusals.stopsWorker(400, "MaintenanceMode"));
        assertFalse(Refusals.stopsWorker(403, "WorkerMaintenance"));
    }

    @Test
    void backOffDoublesUpToItsCeilingAndStartsOverOnceTheHordeAnswers() {
        BackOff backOff = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(1), backOff.next());
        assertEquals(Duration.ofSeconds(2), backOff.next());
        assertEquals(Duration.ofSeconds(4), backOff.next());
        assertEquals(Duration.ofSeconds(5), backOff.next());
        assertEquals(Duration.ofSeconds(5), backOff.next());
        backOff.reset();
        assertEquals(Duration.ofSeconds(1), backOff.next());
    }
}
