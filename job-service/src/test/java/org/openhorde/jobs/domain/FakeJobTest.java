package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;

/** Pins that a decoy's submission is refused exactly as a real job's would be: stranger first, then duplicate. */
class FakeJobTest {

    private static final long OWNER = 7;

    private static String rc(FakeJob decoy, long submitter) {
        return assertThrows(HordeException.class, () -> decoy.checkSubmittableBy(submitter)).error().rc();
    }

    @Test
    void onlyTheWorkersOwnerSubmitsADecoyAndOnlyOnce() {
        FakeJob fresh = new FakeJob(UUID.randomUUID(), UUID.randomUUID(), OWNER, false);
        assertDoesNotThrow(() -> fresh.checkSubmittableBy(OWNER));
        assertEquals("WrongCredentials", rc(fresh, OWNER + 1));

        FakeJob submitted = new FakeJob(UUID.randomUUID(), UUID.randomUUID(), OWNER, true);
        assertEquals("DuplicateGen", rc(submitted, OWNER));
        assertEquals("WrongCredentials", rc(submitted, OWNER + 1), "a stranger learns nothing about it");
    }
}
