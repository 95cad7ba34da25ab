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
            "/idle_worker_probe/interval_s", "/idle_worker_probe/sent", "/idle_worker_probe/popped",
            "/idle_worker_probe/done", "/idle_worker_probe/submit_to_pop_ms/p99",
            "/idle_worker_probe/accepted_to_pop_ms/p99", "/idle_worker_probe/worker_submit_to_done_ms/p99",
            "/idle_worker_probe/checks_not_done_after_submit", "/idle_worker_probe/unfinished",
            "/kudos/settled", "/kudos/settle_lag_ms", "/kudos/ledger_invariant",
            "/check/requests", "/check/per_second", "/check/connections", "/check/latency_ms/p50",
            "/check/latency_ms/p99",
            "/bare_vertx/requests", "/bare_vertx/per_second", "/bare_vertx/latency_ms/p50",
            "/bare_vertx/latency_ms/p99",
            "/heartbeat/requests", "/heartbeat/per_second", "/heartbeat/latency_ms/p50", "/heartbeat/latency_ms/p99",
            "/errors/total", "/errors/by_code",
            "/cpu/measured", "/cpu/window_s", "/cpu/lifecycles", "/cpu/processes", "/cpu/horde_cpu_s",
            "/cpu/horde_ms_per_lifecycle", "/cpu/machine_cpu_s", "/cpu/machine_core_s", "/cpu/other_cpu_s",
            "/cpu/horde_run_queue_wait_s",
            "/sql_statements/measured", "/sql_statements/lifecycles", "/sql_statements/services",
            "/sql_statements/total", "/sql_statements/per_lifecycle",
            "/gateway_overhead", "/gateway_client_mean_ms");

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
        // The idle-worker probe: every probe sent in the window was popped by its worker and seen done; a check right
        // after the worker's 200 already says done (read-your-writes, decision 0015), so none answered otherwise.
        JsonNode probe = report.at("/idle_worker_probe");
        assertTrue(probe.path("sent").asLong() > 0, probe.toPrettyString());
        assertEquals(probe.path("sent").asLong(), probe.path("popped").asLong(), probe.toPrettyString());
        assertEquals(probe.path("sent").asLong(), probe.path("done").asLong(), probe.toPrettyString());
        assertEquals(probe.path("sent").asLong(), probe.at("/submit_to_pop_ms/count").asLong(), probe.toPrettyString());
        assertEquals(0, probe.path("checks_not_done_after_submit").asLong(), probe.toPrettyString());
        assertEquals(0, probe.path("unfinished").asLong(), probe.toPrettyString());
        assertTrue(output.contains("probe: submit -> pop p99"), output);
        assertTrue(report.at("/kudos/settled").asBoolean(), report.toPrettyString());
        assertEquals("holds", report.at("/kudos/ledger_invariant").asText());
        assertTrue(report.at("/check/requests").asLong() > 0);
        assertTrue(report.at("/heartbeat/requests").asLong() > 0);
        // The bare Vert.x server answered (a process the bench starts and ends; no error counted for it).
        assertTrue(report.at("/bare_vertx/requests").asLong() > 0, report.toPrettyString());
        assertTrue(output.contains("check / ceiling req/s (%)"), "the ratio to the ceiling is printed:\n" + output);
        for (String service : List.of("gateway", "job-service", "kudos-service", "storage-service")) {
            assertTrue(report.at("/rss_mb/" + service + "/idle").asDouble() > 0, service + " RSS in " + report);
            assertTrue(report.at("/rss_mb/" + service + "/loaded").asDouble() > 0, service + " RSS in " + report);
        }

        // CPU per lifecycle: every service and the infrastructure found by port, positive, inside the machine's
        JsonNode cpu = report.at("/cpu");
        assertTrue(cpu.path("measured").asBoolean(), cpu.toPrettyString());
        assertTrue(cpu.path("lifecycles").asLong() > 0, "lifecycles inside the CPU window: " + cpu.toPrettyString());
        for (String process : List.of("gateway", "job-service", "kudos-service", "storage-service", "postgresql",
                "kafka", "s3proxy", "redis")) {
            JsonNode figure = cpu.at("/processes/" + process);
            assertTrue(figure.path("cpu_s").asDouble() >= 0 && figure.has("ms_per_lifecycle")
                    && figure.path("run_queue_wait_s").asDouble() >= 0, process + " in " + cpu.toPrettyString());
        }
        for (String service : List.of("gateway", "job-service")) {
            assertTrue(cpu.at("/processes/" + service + "/ms_per_lifecycle").asDouble() > 0,
                    service + " in " + cpu.toPrettyString());
        }
        assertTrue(cpu.path("horde_ms_per_lifecycle").asDouble() > 0, cpu.toPrettyString());
        // a short run on a cold horde keeps the two cores busy: its threads waited for one (decision 0058)
        assertTrue(cpu.path("horde_run_queue_wait_s").asDouble() > 0, cpu.toPrettyString());
        assertTrue(cpu.path("machine_cpu_s").asDouble() >= cpu.path("horde_cpu_s").asDouble() * 0.95,
                "the machine's busy time holds the horde's: " + cpu.toPrettyString());
        assertTrue(output.contains("horde total"), "the CPU table is printed:\n" + output);

        // SQL statements per lifecycle: every service with a schema sent some (job-service queues and claims,
        // kudos-service settles, storage-service records the images), the gateway none
        JsonNode sql = report.at("/sql_statements");
        assertTrue(sql.path("measured").asBoolean(), sql.toPrettyString());
        for (String service : List.of("job-service", "kudos-service", "storage-service")) {
            JsonNode figure = sql.at("/services/" + service);
            assertTrue(figure.path("statements").asLong() > 0 && figure.path("per_lifecycle").asDouble() > 0
                    && figure.has("mean_ms"), service + " in " + sql.toPrettyString());
        }
        assertTrue(sql.at("/services/gateway").isMissingNode(), sql.toPrettyString());
        assertTrue(sql.path("per_lifecycle").asDouble() > 0, sql.toPrettyString());
        assertTrue(output.contains("SQL statements in the measured window"), output);

        // the gateway's time against its downstream calls, for the three lifecycle routes
        JsonNode overhead = report.at("/gateway_overhead");
        for (String route : List.of("POST /api/v2/generate/async", "POST /api/v2/generate/pop",
                "POST /api/v2/generate/submit")) {
            JsonNode row = null;
            for (JsonNode r : overhead) {
                if (r.path("route").asText().equals(route)) {
                    row = r;
                }
            }
            assertTrue(row != null, route + " in " + overhead.toPrettyString());
            assertTrue(row.path("calls").asLong() > 0 && row.path("gateway_mean_ms").asDouble() > 0
                    && row.path("downstream_mean_ms").asDouble() > 0 && row.has("overhead_ms"),
                    row.toPrettyString());
            // the gateway's own time call by call, from its histogram (decision 0058): every call of the window
            JsonNode perCall = row.path("per_call");
            assertTrue(perCall.path("measured").asBoolean(), row.toPrettyString());
            // the same calls as the route's server timer, but for the few ending while /q/metrics was being read
            long calls = row.path("calls").asLong();
            assertTrue(Math.abs(calls - perCall.path("samples").asLong()) <= Math.max(5, calls / 50),
                    row.toPrettyString());
            assertTrue(perCall.path("p99_ms").asDouble() >= perCall.path("p50_ms").asDouble()
                    && perCall.path("p50_ms").asDouble() > 0, row.toPrettyString());
            assertTrue(perCall.has("within5_ms_percent"), row.toPrettyString());
        }
        assertTrue(output.contains("Gateway time against its downstream calls"), output);
        assertTrue(output.contains("own time call by call: p50"), output);
    }
}
