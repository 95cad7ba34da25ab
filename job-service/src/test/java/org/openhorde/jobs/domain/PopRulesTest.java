package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;

/** Pins what a pop must satisfy, and which rc each violation gets. */
class PopRulesTest {

    private static PopRequest pop(String name, List<String> models, int amount) {
        return new PopRequest(name, List.of(), false, models, "reGen:1:url", 1, false, amount, 262_144, List.of(),
                true, true, true, true, false, false, false, false, false);
    }

    private static HordeError error(WorkerPop pop) {
        return assertThrows(HordeException.class, () -> PopRules.check(pop, 20)).error();
    }

    @Test
    void aWellFormedPopPasses() {
        assertDoesNotThrow(() -> PopRules.check(new WorkerPop(7, "u#7", false, pop("w", List.of("m"), 20)), 20));
    }

    @Test
    void anonymousMayNotRunWorkers() {
        HordeError e = error(new WorkerPop(0, "Anonymous#0", false, pop("w", List.of("m"), 1)));
        assertEquals("AnonForbiddenWorker", e.rc());
        assertEquals("Anonymous user is forbidden from performing this operation", e.message());
    }

    @Test
    void missingFieldsAreNamed() {
        HordeError e = error(new WorkerPop(7, "u#7", false, pop(" ", List.of(), 0)));
        assertEquals("BadRequest", e.rc());
        assertEquals(List.of("name", "models", "amount"), List.copyOf(e.errors().keySet()));
        assertEquals("pop", error(new WorkerPop(7, "u#7", false, null)).errors().keySet().iterator().next());
        assertEquals("amount", error(new WorkerPop(7, "u#7", false, pop("w", List.of("m"), 21))).errors()
                .keySet().iterator().next());
        assertEquals("models", error(new WorkerPop(7, "u#7", false, pop("w", List.of("m", ""), 1))).errors()
                .keySet().iterator().next());
    }

    @Test
    void longNamesAreTooLong() {
        assertDoesNotThrow(() -> PopRules.check(new WorkerPop(7, "u#7", false, pop("n".repeat(100), List.of("m"), 1)), 20));
        assertEquals("TooLongWorkerName", error(new WorkerPop(7, "u#7", false, pop("n".repeat(101), List.of("m"), 1))).rc());
    }

    @Test
    void aNullSoftPromptNameIsBadInputForAnyWorkerKind() {
        java.util.List<String> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        PopRequest image = new PopRequest("w", List.of(), false, List.of("m"), "reGen:1:url", 1, false, 1, 262_144,
                List.of(), true, true, true, true, false, false, false, false, false, null, null, withNull);
        PopRequest text = new PopRequest("w", List.of(), false, List.of("m"), "KoboldCppEmbedWorker:1", 1, false, 1,
                Long.MAX_VALUE, List.of(), false, false, false, false, false, false, false, false, false, 80, 1024,
                withNull);
        for (PopRequest pop : List.of(image, text)) {
            HordeError e = error(new WorkerPop(7, "u#7", false, pop));
            assertEquals("BadRequest", e.rc());
            assertEquals(true, e.errors().containsKey("softprompts"));
        }
    }
}
