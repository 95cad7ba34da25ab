package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.RequestEstimate;

class EstimateTableTest {

    @Test
    void findsEveryRequestOfADeepQueueAndNothingElse() {
        int requests = 100_000;
        EstimateTable table = new EstimateTable(requests);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            assertTrue(table.putIfAbsent(id, i + 1, i * 3, i % 7 != 0));
        }
        assertEquals(requests, table.size());
        for (int i = 0; i < requests; i++) {
            assertEquals(new RequestEstimate(true, i + 1, i * 3, i % 7 != 0), table.get(ids.get(i)));
        }
        assertNull(table.get(UUID.randomUUID()));
    }

    @Test
    void idsThatDifferOnlyInTheirHighBitsAreKeptApart() {
        EstimateTable table = new EstimateTable(64);
        for (long high = 0; high < 64; high++) {
            table.putIfAbsent(new UUID(high << 40, 42L), (int) high, 0, true);
        }
        for (long high = 0; high < 64; high++) {
            assertEquals((int) high, table.get(new UUID(high << 40, 42L)).queuePosition());
        }
    }

    @Test
    void theFirstEstimateOfARequestStays() {
        EstimateTable table = new EstimateTable(4);
        UUID id = UUID.randomUUID();
        assertTrue(table.putIfAbsent(id, 5, 60, true));
        assertFalse(table.putIfAbsent(id, 0, 10, false));
        assertEquals(new RequestEstimate(true, 5, 60, true), table.get(id));
        assertEquals(List.of(new RequestEstimate(true, 5, 60, true)), table.values());
    }

    @Test
    void refusesMoreRequestsThanItWasSizedFor() {
        EstimateTable table = new EstimateTable(0);
        assertNull(table.get(UUID.randomUUID()));
        assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 100; i++) {
                table.putIfAbsent(UUID.randomUUID(), i, 0, true);
            }
        });
    }
}
