package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line: defaults, the short mode, explicit options over it, and that only loopback is driven by default. */
class BenchOptionsTest {

    @Test
    void defaultsAreTheManualRun() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(URI.create("http://127.0.0.1:8080"), o.target().base());
        assertEquals(Duration.ofSeconds(60), o.duration());
        assertEquals(8, o.requesters());
        assertEquals(8, o.workers());
        assertEquals(64, o.connections());
        assertNull(o.compare());
    }

    @Test
    void shortModeShrinksEveryPhaseButExplicitOptionsWin() {
        BenchOptions o = BenchOptions.parse("--short", "--workers", "3", "--horde-url", "http://localhost:18080/api/v2",
                "--compare", "http://127.0.0.1:7001", "--compare-requester-key", "k");
        assertEquals(Duration.ofSeconds(3), o.duration());
        assertEquals(3, o.workers());
        assertEquals(4, o.connections());
        assertEquals(URI.create("http://localhost:18080"), o.target().base());
        assertEquals("k", o.compare().requesterKey());
    }

    @Test
    void remoteServersAndUnknownOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--horde-url", "http://192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--horde-url", "https://127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duratoin", "5"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duration", "0"));
    }
}
