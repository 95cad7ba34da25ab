package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table: one column per server and the second-to-first ratio when comparing. */
class ReportTableTest {

    private static Report report(String target, double lifecyclesPerSecond) {
        Report.Percentiles p = new Report.Percentiles(1, 2, 3, 10);
        return new Report(target, "2026-01-01T00:00:00Z",
                new Report.Settings(60, 5, 8, 16, 0.25, 8, 1, 64, 10, 512, 512, 20, 1000, "m"),
                new Report.Lifecycles(100, lifecyclesPerSecond, 0, p, p),
                new Report.Probe(0.5, 40, 40, 39, new Report.Percentiles(30, 45, 50, 40),
                        new Report.Percentiles(20, 35, 40, 40), new Report.Percentiles(8, 12, 13, 39), 0, 0),
                new Report.Kudos(true, 12, "holds"),
                new Report.Ceiling("/c", 64, 1000, 100, p),
                new Report.Ceiling("(bare)", 64, 4000, 400, new Report.Percentiles(0.5, 1.6, 3, 4000)),
                new Report.Ceiling("/h", 64, 2000, 200, p),
                new Report.Errors(0, Map.of()), Map.of("gateway", new Report.Memory(200, 210)),
                new Report.Cpu(true, 60, 100, Map.of("gateway", new Report.ProcessCpuFigure(2.6, 26, false, true, 1.25)),
                        2.6, 26, 100, 120, 97.4, 1.25),
                new Report.Statements(true, 100, Map.of("job-service",
                        new Report.ServiceStatements(1200, 12, 0.5)), 1200, 12),
                List.of(new Report.Overhead("POST /api/v2/generate/pop", 100, 30, 10, 20,
                        Map.of("job-service POST /internal/pop", 10.0),
                        new Report.OverheadPerCall(true, 100, 1.5, 4.25, 99.0))),
                Map.of());
    }

    @Test
    void comparingShowsBothServersAndTheirRatio() {
        String table = ReportTable.render(List.of(report("http://a", 300), report("http://b", 30)));
        assertTrue(table.contains("http://a"), table);
        assertTrue(table.contains("http://b"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("lifecycles / s") && l.endsWith("0.10x")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("RSS gateway idle (MB)")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("probe: submit -> pop p99 \\(ms\\)\\s+45\\.00\\s+45\\.00.*")),
                table);
        assertTrue(table.lines().anyMatch(l -> l.matches(
                "overhead POST /api/v2/generate/pop p99 \\(ms\\)\\s+4\\.25\\s+4\\.25.*")), table);
        assertTrue(table.contains("own time call by call: p50 1.50 ms, p99 4.25 ms, 99.0 % within 5 ms (100 calls)"),
                table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("probe (idle worker): sent / popped / done")
                && l.contains("40 / 40 / 39")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("CPU gateway (ms / lifecycle)")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("horde total\\s+2\\.60\\s+26\\.00\\s+1\\.25")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("job-service\\s+1,200\\s+12\\.00\\s+0\\.50")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("SQL job-service (statements / lifecycle)")), table);
        // check 100 of the ceiling's 400 req/s: 25 %; its p99 2 ms against the ceiling's 1.6: 1.25 times.
        assertTrue(table.lines().anyMatch(l -> l.matches("check / ceiling req/s \\(%\\)\\s+25\\.00\\s+25\\.00\\s+1\\.00x")),
                table);
        assertTrue(table.lines().anyMatch(l -> l.matches("check p99 / ceiling p99\\s+1\\.25\\s+1\\.25\\s+1\\.00x")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("POST /api/v2/generate/pop\\s+100\\s+30\\.00\\s+10\\.00\\s+20\\.00")),
                table);
    }
}
