package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(Duration.ofMillis(250), o.probeInterval());
        assertNull(o.compare());
        assertEquals(Duration.ZERO, BenchOptions.parse("--probe-interval", "0").probeInterval());
    }

    @Test
    void shortModeShrinksEveryPhaseButExplicitOptionsWin() {
        BenchOptions o = BenchOptions.parse("--short", "--workers", "3", "--horde-url", "http://localhost:18080/api/v2",
                "--compare", "http://127.0.0.1:7001", "--compare-requester-key", "k");
        assertEquals(Duration.ofSeconds(6), o.duration());
        assertEquals(3, o.workers());
        assertEquals(4, o.connections());
        assertEquals(Duration.ofMillis(100), o.probeInterval());
        assertEquals(URI.create("http://localhost:18080"), o.target().base());
        assertEquals(List.of("k"), o.compare().requesterKeys());
    }

    @Test
    void theComparedServerTakesSeveralRequesterKeysAndABridgeAgent(@TempDir Path dir) throws Exception {
        BenchOptions o = BenchOptions.parse("--compare", "http://127.0.0.1:7001", "--compare-keys", "k1, k2,k3",
                "--bridge-agent", "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen");
        assertEquals(List.of("k1", "k2", "k3"), o.compare().requesterKeys());
        assertEquals(List.of(), o.target().requesterKeys());
        assertEquals("AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen", o.bridgeAgent());

        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# requesters of the compared horde\na1\n\na2\n");
        BenchOptions fromFile = BenchOptions.parse("--compare", "http://127.0.0.1:7001", "--compare-requester-key",
                "@" + file);
        assertEquals(List.of("a1", "a2"), fromFile.compare().requesterKeys());
        assertEquals(BenchOptions.DEFAULT_BRIDGE_AGENT, fromFile.bridgeAgent());
    }

    @Test
    void badKeysAgentsAndPortsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--bridge-agent", "a\"b"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--requester-key", " , "));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--requester-key", "@/nonexistent/k"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--compare-keys", "k"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--infra-ports", "kafka:9092"));
        assertEquals(Map.of(), BenchOptions.parse("--infra-ports", "none").infraPorts());
        assertEquals(Map.of("postgresql", 5433), BenchOptions.parse("--infra-ports", "postgresql=5433").infraPorts());
    }

    @Test
    void remoteServersAndUnknownOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--horde-url", "http://192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--horde-url", "https://127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duratoin", "5"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duration", "0"));
    }
}
