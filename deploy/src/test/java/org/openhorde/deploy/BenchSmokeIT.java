package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bench --short} against the packaged horde produces a complete report (every figure present) with no error. */
class BenchSmokeIT {

    private static final List<String> FIGURES = List.of(
            "/target", "/started_at",
            "/settings/duration_s", "/settings/requesters", "/settings/workers", "/settings/connections",
            "/settings/image_bytes", "/settings/model",
            "/lifecycles/completed", "/lifecycles/per_second", "/lifecycles/unfinished",
            "/lifecycles/submit_to_first_pop_ms/p50", "/lifecycles/submit_to_first_pop_ms/p99",
            "/lifecycles/end_to_end_ms/p50", "/lifecycles/end_to_end_ms/p99",
            "/kudos/settled", "/kudos/settle_lag_ms", "/kudos/ledger_invariant",
            "/check/requests", "/check/per_second", "/check/connections", "/check/latency_ms/p50",
            "/check/latency_ms/p99",
            "/heartbeat/requests", "/heartbeat/per_second", "/heartbeat/latency_ms/p50", "/heartbeat/latency_ms/p99",
            "/errors/total", "/errors/by_code");

    @Test
    void shortRunReportsEveryFigureWithoutErrors() throws Exception {
        RunningHorde horde = RunningHorde.get();
        Path benchJar = horde.root().resolve("bench/target/bench.jar");
        assertTrue(Files.isRegularFile(benchJar), "package the bench first: " + benchJar);
        Path json = horde.home().resolve("bench-smoke.json");
        Path log = horde.home().resolve("logs").resolve("bench-smoke.log");
        Files.deleteIfExists(json);
        Files.createDirectories(log.getParent());

        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", benchJar.toString(), "--short", "--horde-url", horde.gatewayUrl(),
                "--horde-home", horde.home().toString(), "--kudos-service-url", horde.serviceUrl(2),
                "--json-out", json.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(bench.waitFor(3, TimeUnit.MINUTES), "the short mode ends by itself");
        String output = Files.readString(log);
        assertEquals(0, bench.exitValue(), output);
        assertTrue(output.contains("lifecycles / s"), "the table is printed:\n" + output);

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (String figure : FIGURES) {
            JsonNode value = report.at(figure);
            assertFalse(value.isMissingNode() || value.isNull(), figure + " missing in " + report.toPrettyString());
        }
        assertEquals(0, report.at("/errors/total").asLong(), report.toPrettyString());
        assertTrue(report.at("/lifecycles/completed").asLong() > 0, report.toPrettyString());
        assertTrue(report.at("/lifecycles/submit_to_first_pop_ms/count").asLong() > 0, report.toPrettyString());
        assertTrue(report.at("/lifecycles/end_to_end_ms/count").asLong() > 0, report.toPrettyString());
        assertEquals(0, report.at("/lifecycles/unfinished").asLong(), report.toPrettyString());
        assertTrue(report.at("/kudos/settled").asBoolean(), report.toPrettyString());
        assertEquals("holds", report.at("/kudos/ledger_invariant").asText());
        assertTrue(report.at("/check/requests").asLong() > 0);
        assertTrue(report.at("/heartbeat/requests").asLong() > 0);
        for (String service : List.of("gateway", "job-service", "kudos-service", "storage-service")) {
            assertTrue(report.at("/rss_mb/" + service + "/idle").asDouble() > 0, service + " RSS in " + report);
            assertTrue(report.at("/rss_mb/" + service + "/loaded").asDouble() > 0, service + " RSS in " + report);
        }
    }
}
