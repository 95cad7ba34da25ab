package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.WorkerKudos;

/** Pins the AI Horde's WorkerDetails shape, and that owner and paused are only shown to owners and moderators. */
class WorkerViewTest {

    private static final UUID ID = UUID.randomUUID();

    private static WorkerDetails worker(long fulfilled, double speed) {
        return new WorkerDetails(ID, "rig-1", "image", 42, "alice#42", true, true, 1234, 2, 1048576,
                List.of("stable_diffusion"), true, true, false, true, true, false, false, false, null, true,
                "my rig", "AI Horde Worker reGen:9.0.2:x", fulfilled, 1, 5.24288, speed, 0, 0, null, null);
    }

    private static final WorkerKudos KUDOS = new WorkerKudos(ID, 7550, Map.of("generated", 2550L, "uptime", 5000L,
            "interrogated", 0L));

    @Test
    void thePublicViewHidesOwnerAndPaused() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(WorkerView.of(worker(1, 1.25), KUDOS, false));
        assertFalse(json.has("owner"));
        assertFalse(json.has("paused"));
        assertEquals(75.5, json.get("kudos_rewards").asDouble());
        assertEquals(List.of("generated", "uptime"), names(json.get("kudos_details").fieldNames()));
        assertEquals(50.0, json.get("kudos_details").get("uptime").asDouble());
        assertTrue(json.get("post-processing").asBoolean());
        assertEquals("1.3 megapixelsteps per second", json.get("performance").asText());
        assertEquals(1234, json.get("uptime").asLong());
        assertEquals(5.24, json.get("megapixelsteps_generated").asDouble());
        assertFalse(json.get("flagged").asBoolean());
        assertTrue(json.get("team").has("name"));
        assertTrue(json.get("team").get("id").isNull());
        assertEquals("image", json.get("type").asText());
        assertEquals(ID.toString(), json.get("id").asText());
        assertEquals("my rig", json.get("info").asText());
    }

    @Test
    void ownersAndModeratorsSeeOwnerAndPaused() {
        WorkerView view = WorkerView.of(worker(0, 0), KUDOS, true);
        assertEquals("alice#42", view.owner());
        assertTrue(view.paused());
        assertEquals("No requests fulfilled yet", view.performance());
    }

    @Test
    void aWorkerThatNeverEarnedShowsZeros() {
        WorkerView view = WorkerView.of(worker(0, 0), null, false);
        assertEquals(0.0, view.kudosRewards());
        assertEquals(Map.of("generated", 0.0, "uptime", 0.0), view.kudosDetails());
        assertNull(view.owner());
    }

    private static <T> List<T> names(java.util.Iterator<T> iterator) {
        java.util.List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
