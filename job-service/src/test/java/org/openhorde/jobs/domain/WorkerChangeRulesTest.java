package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerRemoval;

/** Pins who may change a worker: owner or moderator; pausing is for moderators only. */
class WorkerChangeRulesTest {

    @Test
    void ownersChangeTheirWorkers() {
        assertDoesNotThrow(() -> WorkerChangeRules.authorize(new WorkerChange(5, false, true, null, null, "x", null), 5));
        assertDoesNotThrow(() -> WorkerChangeRules.authorizeRemoval(new WorkerRemoval(5, false), 5));
    }

    @Test
    void onlyTheOwnerOrAModeratorMovesAWorkerBetweenTeams() {
        assertDoesNotThrow(() -> WorkerChangeRules.authorize(
                new WorkerChange(5, false, null, null, null, null, null, "team"), 5));
        assertDoesNotThrow(() -> WorkerChangeRules.authorize(
                new WorkerChange(6, true, null, null, null, null, null, ""), 5));
        HordeException e = assertThrows(HordeException.class, () -> WorkerChangeRules.authorize(
                new WorkerChange(6, false, null, null, null, null, null, ""), 5));
        assertEquals("NotModerator", e.error().rc());
    }

    @Test
    void strangersAreNotOwners() {
        HordeException e = assertThrows(HordeException.class,
                () -> WorkerChangeRules.authorize(new WorkerChange(6, false, true, null, null, null, null), 5));
        assertEquals("NotOwner", e.error().rc());
    }

    @Test
    void strangersDeletingOrRenamingAreNotModeratorsAsInTheAiHorde() {
        HordeException removal = assertThrows(HordeException.class,
                () -> WorkerChangeRules.authorizeRemoval(new WorkerRemoval(6, false), 5));
        assertEquals("NotModerator", removal.error().rc());
        assertEquals("You're not a mod. BTFO!", removal.error().message());
        assertEquals("NotModerator", assertThrows(HordeException.class,
                () -> WorkerChangeRules.authorize(new WorkerChange(6, false, null, null, null, null, "n"), 5))
                .error().rc());
        // maintenance is judged before pausing, so a stranger doing both is told NotOwner first
        assertEquals("NotOwner", assertThrows(HordeException.class,
                () -> WorkerChangeRules.authorize(new WorkerChange(6, false, true, null, true, null, null), 5))
                .error().rc());
    }

    @Test
    void onlyModeratorsPause() {
        assertEquals("NotModerator", assertThrows(HordeException.class,
                () -> WorkerChangeRules.authorize(new WorkerChange(5, false, null, null, true, null, null), 5))
                .error().rc());
        assertDoesNotThrow(() -> WorkerChangeRules.authorize(new WorkerChange(6, true, null, null, false, null, null), 5));
    }

    @Test
    void maintenanceGetsADefaultMessageAndEndingItClearsIt() {
        assertEquals(WorkerChangeRules.DEFAULT_MAINTENANCE_MESSAGE, WorkerChangeRules.maintenanceMessage(
                new WorkerChange(5, false, true, " ", null, null, null)));
        assertEquals("gpu swap", WorkerChangeRules.maintenanceMessage(
                new WorkerChange(5, false, true, "gpu swap", null, null, null)));
        assertNull(WorkerChangeRules.maintenanceMessage(new WorkerChange(5, false, false, "x", null, null, null)));
    }
}
