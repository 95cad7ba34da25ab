package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings changeable on the fly: per worker type, validated by the command line's rules, kept in the file. */
class WorkerSettingsTest {

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws IOException {
        return HordeApi.JSON.readTree(text);
    }

    @Test
    void anInterrogationWorkerChangesItsFormsNotModels() throws IOException {
        Path file = dir.resolve("alchemist.json");
        WorkerSettings settings = WorkerSettings.load("--type", "interrogation", "--api-key", "k", "--name", "a",
                "--settings", file.toString());
        List<String> keys = settings.fields().stream().map(WorkerSettings.Field::key).toList();
        assertTrue(keys.containsAll(List.of("max_threads", "queue_size", "forms", "max_tiles", "form_seconds")));
        assertFalse(keys.contains("models"));
        assertEquals(5, settings.values().path("max_threads").asInt());

        settings.change(json("{\"forms\": [\"caption\", \"nsfw\"], \"max_threads\": 80, \"form_seconds\": 0.5}"));
        assertEquals(List.of("caption", "nsfw"), settings.current().forms());
        assertEquals(80, settings.current().maxThreads(), "an interrogation worker may run up to 100 threads");
        assertEquals(0.5, settings.current().secondsPerForm());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.change(json("{\"forms\": [\"telepathy\"]}")));
        assertTrue(e.getMessage().contains("unknown form 'telepathy'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings.change(json("{\"models\": [\"x\"]}")));
        assertEquals(List.of("caption", "nsfw"), settings.current().forms(), "a refused change leaves things as they were");

        // What was saved is what the next start runs, over the command line's defaults.
        WorkerSettings restarted = WorkerSettings.load("--type", "interrogation", "--api-key", "k", "--name", "a",
                "--settings", file.toString());
        assertEquals(80, restarted.current().maxThreads());
        assertEquals(List.of("caption", "nsfw"), restarted.current().forms());
    }

    @Test
    void theFileWinsOverTheCommandLineOnlyForWhatItHolds() throws IOException {
        Path file = dir.resolve("dreamer.json");
        Files.writeString(file, "{\"max_threads\": 4}");
        WorkerSettings settings = WorkerSettings.load("--api-key", "k", "--name", "d", "--max-threads", "2",
                "--queue-size", "3", "--settings", file.toString());
        assertEquals(4, settings.current().maxThreads());
        assertEquals(3, settings.current().queueSize());
    }

    @Test
    void theSimulatorSpeedIsReadAtEveryImage() {
        double[] speed = {0};
        ProceduralBackend backend = new ProceduralBackend(() -> speed[0]);
        assertEquals(0, backend.simulatedNanos(512, 512, 20));
        speed[0] = 2;
        assertEquals(2_621_440_000L, backend.simulatedNanos(512, 512, 20));
    }
}
