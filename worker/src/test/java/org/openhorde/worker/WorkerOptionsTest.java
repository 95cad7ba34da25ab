package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line: AI Horde defaults, the in-hand limit, and that a wrong option is an error, not ignored. */
class WorkerOptionsTest {

    @Test
    void defaultsAreTheAiHordeWorkersDefaults() {
        WorkerOptions o = WorkerOptions.parse("--api-key", "k", "--name", "w");
        assertEquals(URI.create("http://127.0.0.1:8080"), o.hordeUrl());
        assertEquals(List.of("stable_diffusion"), o.models());
        assertEquals(1, o.maxThreads());
        assertEquals(1, o.queueSize());
        assertEquals(1, o.amount());
        assertTrue(o.nsfw());
        assertTrue(o.allowImg2img());
        assertFalse(o.allowLora());
        assertFalse(o.allowControlnet());
        assertEquals(Duration.ofSeconds(1), o.popInterval());
        assertEquals(Duration.ofSeconds(30), o.maxBackoff());
        assertEquals(0.0, o.megapixelstepsPerSecond());
    }

    @Test
    void jobsInHandAreThreadsPlusQueue() {
        WorkerOptions o = WorkerOptions.parse("--api-key=k", "--name=w", "--max-threads=2", "--queue-size=1",
                "--models", "a, b ,c", "--horde-url", "https://example.org/api/v2/", "--nsfw", "false");
        assertEquals(3, o.jobsInHandLimit());
        assertEquals(List.of("a", "b", "c"), o.models());
        assertEquals(URI.create("https://example.org"), o.hordeUrl());
        assertFalse(o.nsfw());
        assertTrue(o.bridgeAgent("1.2").startsWith("OpenHorde Reference Worker:1.2:"));
    }

    @Test
    void wrongOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--name", "w"));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse("--api-key", "k"));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.parse("--api-key", "k", "--name", "w", "--max-thread", "2"));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.parse("--api-key", "k", "--name", "w", "--amount", "21"));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.parse("--api-key", "k", "--name", "w", "--backend", "comfyui"));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.parse("--api-key", "k", "--name", "w", "--horde-url", "ftp://x"));
    }
}
