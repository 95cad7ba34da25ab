package org.openhorde.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The end-of-run table on stdout: one column per server and, when comparing, the ratio of the second to the first. */
final class ReportTable {

    private record Row(String label, Function<Report, Object> value) {
    }

    private ReportTable() {
    }

    static String render(List<Report> reports) {
        List<Row> rows = rows(reports);
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("metric"));
        reports.forEach(r -> header.add(r.target()));
        if (reports.size() == 2) {
            header.add("ratio");
        }
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.label()));
            List<Object> values = reports.stream().map(r -> row.value().apply(r)).toList();
            values.forEach(v -> cells.add(format(v)));
            if (reports.size() == 2) {
                cells.add(ratio(values.get(0), values.get(1)));
            }
            lines.add(cells.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        lines.forEach(l -> {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            for (int i = 0; i < l.length; i++) {
                out.append(i == 0 ? String.format("%-" + widths[i] + "s", l[i])
                        : String.format("  %" + widths[i] + "s", l[i]));
            }
            out.append('\n');
            if (n == 0) {
                out.append("-".repeat(out.length() - 1)).append('\n');
            }
        }
        for (Report r : reports) {
            out.append(details(r));
        }
        return out.toString();
    }

    /** Per server: CPU by process over the measured window, and the gateway's time against its downstream calls. */
    static String details(Report r) {
        StringBuilder out = new StringBuilder();
        Report.Cpu cpu = r.cpu();
        if (cpu.measured()) {
            out.append(String.format("%nCPU in the measured window, %s (%.1f s, %,d lifecycles, %.1f/s)%n",
                    r.target(), cpu.windowS(), cpu.lifecycles(), r.lifecycles().perSecond()));
            out.append(String.format("%-38s %10s %14s %17s  %s%n", "process", "CPU (s)", "ms / lifecycle",
                    "waited for a core", "note"));
            out.append("-".repeat(96)).append('\n');
            cpu.processes().forEach((name, p) -> out.append(String.format("%-38s %10.2f %14.2f %17.2f  %s%n", name,
                    p.cpuS(), p.msPerLifecycle(), p.runQueueWaitS(), !p.counted()
                            ? "not this horde's: left out of the total" : p.shared() ? "shared infrastructure" : "")));
            out.append(String.format("%-38s %10.2f %14.2f %17.2f%n", "horde total", cpu.hordeCpuS(),
                    cpu.hordeMsPerLifecycle(), cpu.hordeRunQueueWaitS()));
            out.append(String.format("%-38s %10.2f %14s  of %.1f core-seconds elapsed%n", "machine busy (all processes)",
                    cpu.machineCpuS(), "", cpu.machineCoreS()));
            out.append(String.format("%-38s %10.2f %14s  other builds, the bench itself, the kernel%n",
                    "machine busy outside the horde", cpu.otherCpuS(), ""));
        }
        Report.Statements sql = r.sqlStatements();
        if (sql.measured()) {
            out.append(String.format("%nSQL statements in the measured window, %s (%,d lifecycles; BEGIN and COMMIT"
                    + " not counted)%n", r.target(), sql.lifecycles()));
            out.append(String.format("%-38s %10s %14s %12s%n", "service (its schema)", "statements", "per lifecycle",
                    "mean (ms)"));
            out.append("-".repeat(78)).append('\n');
            sql.services().forEach((name, s) -> out.append(String.format("%-38s %,10d %14.2f %12.2f%n", name,
                    s.statements(), s.perLifecycle(), s.meanMs())));
            out.append(String.format("%-38s %,10d %14.2f%n", "all services", sql.total(), sql.perLifecycle()));
        }
        if (!r.gatewayOverhead().isEmpty()) {
            out.append(String.format("%nGateway time against its downstream calls, %s (means over the window)%n",
                    r.target()));
            out.append(String.format("%-34s %8s %12s %15s %13s%n", "route", "calls", "gateway (ms)",
                    "downstream (ms)", "overhead (ms)"));
            out.append("-".repeat(86)).append('\n');
            for (Report.Overhead o : r.gatewayOverhead()) {
                out.append(String.format("%-34s %,8d %12.2f %15.2f %13.2f%n", o.route(), o.calls(), o.gatewayMeanMs(),
                        o.downstreamMeanMs(), o.overheadMs()));
                o.downstreamMs().forEach((call, ms) -> out.append(String.format("  %-56s %15.2f%n", call, ms)));
                if (o.perCall().measured()) {
                    out.append(String.format("  own time call by call: p50 %.2f ms, p99 %.2f ms, %.1f %% within %.0f ms"
                                    + " (%,d calls)%n", o.perCall().p50Ms(), o.perCall().p99Ms(),
                            o.perCall().within5MsPercent(), ServiceMetrics.OVERHEAD_TARGET_MS, o.perCall().samples()));
                }
            }
            if (!r.gatewayClientMeanMs().isEmpty()) {
                out.append("gateway REST-client timers (mean ms per call, as the gateway waited for them):\n");
                r.gatewayClientMeanMs().forEach((call, ms) -> out.append(String.format("  %-56s %15.2f%n", call, ms)));
            }
        }
        return out.toString();
    }

    private static List<Row> rows(List<Report> reports) {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("lifecycles / s (measured window)", r -> r.lifecycles().perSecond()),
                new Row("lifecycles completed", r -> r.lifecycles().completed()),
                new Row("lifecycles unfinished", r -> r.lifecycles().unfinished()),
                new Row("submit -> first pop p50 (ms)", r -> r.lifecycles().submitToFirstPopMs().p50()),
                new Row("submit -> first pop p99 (ms)", r -> r.lifecycles().submitToFirstPopMs().p99()),
                new Row("end-to-end p50 (ms)", r -> r.lifecycles().endToEndMs().p50()),
                new Row("end-to-end p99 (ms)", r -> r.lifecycles().endToEndMs().p99()),
                new Row("probe (idle worker): sent / popped / done", r -> r.idleWorkerProbe().sent() + " / "
                        + r.idleWorkerProbe().popped() + " / " + r.idleWorkerProbe().done()),
                new Row("probe: submit -> pop p50 (ms)", r -> r.idleWorkerProbe().submitToPopMs().p50()),
                new Row("probe: submit -> pop p99 (ms)", r -> r.idleWorkerProbe().submitToPopMs().p99()),
                new Row("probe: 202 -> pop p50 (ms)", r -> r.idleWorkerProbe().acceptedToPopMs().p50()),
                new Row("probe: 202 -> pop p99 (ms)", r -> r.idleWorkerProbe().acceptedToPopMs().p99()),
                new Row("probe: worker submit -> check done p50 (ms)",
                        r -> r.idleWorkerProbe().workerSubmitToDoneMs().p50()),
                new Row("probe: worker submit -> check done p99 (ms)",
                        r -> r.idleWorkerProbe().workerSubmitToDoneMs().p99()),
                new Row("probe: checks not done after the submit's 200",
                        r -> r.idleWorkerProbe().checksNotDoneAfterSubmit()),
                new Row("kudos settled", r -> r.kudos().settled() ? "yes" : "NO"),
                new Row("kudos settle lag (ms)", r -> r.kudos().settleLagMs()),
                new Row("ledger invariant", r -> r.kudos().ledgerInvariant()),
                new Row("check req/s", r -> r.check().perSecond()),
                new Row("check p50 (ms)", r -> r.check().latencyMs().p50()),
                new Row("check p99 (ms)", r -> r.check().latencyMs().p99()),
                new Row("bare Vert.x ceiling req/s", r -> r.bareVertx().perSecond()),
                new Row("bare Vert.x ceiling p50 (ms)", r -> r.bareVertx().latencyMs().p50()),
                new Row("bare Vert.x ceiling p99 (ms)", r -> r.bareVertx().latencyMs().p99()),
                new Row("check / ceiling req/s (%)", r -> percentOf(r.check().perSecond(), r.bareVertx().perSecond())),
                new Row("check p99 / ceiling p99", r -> times(r.check().latencyMs().p99(),
                        r.bareVertx().latencyMs().p99())),
                new Row("heartbeat req/s", r -> r.heartbeat().perSecond()),
                new Row("heartbeat p50 (ms)", r -> r.heartbeat().latencyMs().p50()),
                new Row("heartbeat p99 (ms)", r -> r.heartbeat().latencyMs().p99()),
                new Row("errors", r -> r.errors().total()),
                new Row("CPU horde total (ms / lifecycle)",
                        r -> r.cpu().measured() ? r.cpu().hordeMsPerLifecycle() : "-"),
                new Row("CPU machine busy / horde (s)", r -> r.cpu().measured()
                        ? String.format("%.1f / %.1f", r.cpu().machineCpuS(), r.cpu().hordeCpuS()) : "-"),
                new Row("horde's threads waited for a core (s)",
                        r -> r.cpu().measured() ? r.cpu().hordeRunQueueWaitS() : "-"),
                new Row("SQL statements / lifecycle",
                        r -> r.sqlStatements().measured() ? r.sqlStatements().perLifecycle() : "-")));
        Set<String> codes = new LinkedHashSet<>();
        reports.forEach(r -> codes.addAll(r.errors().byCode().keySet()));
        codes.forEach(code -> rows.add(new Row("  " + code, r -> r.errors().byCode().getOrDefault(code, 0L))));
        Set<String> cpuRows = new LinkedHashSet<>();
        reports.forEach(r -> cpuRows.addAll(r.cpu().processes().keySet()));
        cpuRows.forEach(p -> rows.add(new Row("CPU " + p + " (ms / lifecycle)",
                r -> r.cpu().processes().containsKey(p) ? r.cpu().processes().get(p).msPerLifecycle() : "-")));
        Set<String> sqlRows = new LinkedHashSet<>();
        reports.forEach(r -> sqlRows.addAll(r.sqlStatements().services().keySet()));
        sqlRows.forEach(service -> rows.add(new Row("SQL " + service + " (statements / lifecycle)",
                r -> r.sqlStatements().services().containsKey(service)
                        ? r.sqlStatements().services().get(service).perLifecycle() : "-")));
        Set<String> routes = new LinkedHashSet<>();
        reports.forEach(r -> r.gatewayOverhead().forEach(o -> routes.add(o.route())));
        for (String route : routes) {
            rows.add(new Row("overhead " + route + " (ms)", r -> r.gatewayOverhead().stream()
                    .filter(o -> o.route().equals(route)).findFirst().<Object>map(Report.Overhead::overheadMs)
                    .orElse("-")));
            rows.add(new Row("overhead " + route + " p99 (ms)", r -> r.gatewayOverhead().stream()
                    .filter(o -> o.route().equals(route) && o.perCall().measured()).findFirst()
                    .<Object>map(o -> o.perCall().p99Ms()).orElse("-")));
        }
        Set<String> processes = new LinkedHashSet<>();
        reports.forEach(r -> processes.addAll(r.rssMb().keySet()));
        for (String process : processes) {
            rows.add(new Row("RSS " + process + " idle (MB)",
                    r -> r.rssMb().containsKey(process) ? r.rssMb().get(process).idle() : "-"));
            rows.add(new Row("RSS " + process + " after load (MB)",
                    r -> r.rssMb().containsKey(process) ? r.rssMb().get(process).loaded() : "-"));
        }
        return rows;
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format("%,.2f", d);
        }
        if (v instanceof Long l) {
            return String.format("%,d", l);
        }
        return String.valueOf(v);
    }

    /** {@code part} as a percentage of {@code whole}, "-" when there is no whole. */
    static Object percentOf(double part, double whole) {
        return whole > 0 ? Math.round(part / whole * 1000) / 10.0 : "-";
    }

    /** How many times {@code b} {@code a} is, "-" when {@code b} is zero. */
    static Object times(double a, double b) {
        return b > 0 ? Math.round(a / b * 100) / 100.0 : "-";
    }

    private static String ratio(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && x.doubleValue() != 0) {
            return String.format("%.2fx", y.doubleValue() / x.doubleValue());
        }
        return "";
    }
}
