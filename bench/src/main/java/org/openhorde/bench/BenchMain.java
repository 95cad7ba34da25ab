package org.openhorde.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar bench.jar [--short] [--compare URL] ...}: load, then a table on stdout (and JSON). */
public final class BenchMain {

    static final ObjectMapper REPORT_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchOptions.USAGE + "\n" + PopDepthOptions.USAGE + "\n" + FloodOptions.USAGE + "\n"
                    + RatingCommunityOptions.USAGE);
            return;
        }
        if (PopDepthOptions.wanted(args)) {
            popDepth(args);
            return;
        }
        if (FloodOptions.wanted(args)) {
            flood(args);
            return;
        }
        if (RatingCommunityOptions.wanted(args)) {
            ratingCommunity(args);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(64);
            return;
        }
        List<Report> reports = new ArrayList<>();
        try (Progress progress = new Progress(System.err, System.console() != null)) {
            for (BenchOptions.Target target : options.compare() == null ? List.of(options.target())
                    : List.of(options.target(), options.compare())) {
                progress.note("bench: " + target.base() + " - " + options.duration().toSeconds() + " s of lifecycles ("
                        + options.requesters() + " requesters, " + options.workers() + " workers), then "
                        + options.hammer().toSeconds() + " s each of check and heartbeat at "
                        + options.connections() + " connections");
                reports.add(new LoadRun(options, target, progress).run());
            }
        }
        System.out.print(ReportTable.render(reports));
        if (options.jsonOut() != null) {
            write(options, reports);
        }
        System.exit(reports.stream().allMatch(r -> r.errors().total() == 0 && r.kudos().settled()) ? 0 : 1);
    }

    /** Pop latency against queue depth; exits 0 when pop p99 at the deepest queue is within 1.5x of the shallowest. */
    private static void popDepth(String... args) throws Exception {
        PopDepthOptions.Parsed options;
        try {
            options = PopDepthOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(PopDepthOptions.USAGE);
            System.exit(64);
            return;
        }
        List<PopDepthRun.DepthResult> results = new PopDepthRun(options.run(), System.err).run();
        System.out.printf("%-12s %12s %10s %8s %8s %10s %10s %10s %10s%n", "depth", "waiting", "pops", "empty",
                "errors", "p50 (ms)", "p99 (ms)", "mean (ms)", "max (ms)");
        for (PopDepthRun.DepthResult r : results) {
            System.out.printf("%-12s %,12d %,10d %,8d %,8d %10.2f %10.2f %10.2f %10.2f%n", String.format("%,d", r.depth()),
                    r.waitingAtStart(), r.pops(), r.emptyPops(), r.errors(), r.p50Millis(), r.p99Millis(),
                    r.meanMillis(), r.maxMillis());
        }
        double ratio = results.get(results.size() - 1).p99Millis() / results.get(0).p99Millis();
        System.out.printf("pop p99 at %,d / pop p99 at %,d = %.2f (target <= 1.5)%n",
                results.get(results.size() - 1).depth(), results.get(0).depth(), ratio);
        if (options.jsonOut() != null) {
            REPORT_JSON.writeValue(java.nio.file.Path.of(options.jsonOut()).toFile(), results);
        }
        boolean clean = results.stream().allMatch(r -> r.errors() == 0);
        System.exit(clean && ratio <= 1.5 ? 0 : 1);
    }

    /** The GenAlt flood; exits 0 when everything the issue asks to hold held. */
    private static void flood(String... args) throws Exception {
        FloodOptions.Parsed options;
        try {
            options = FloodOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(FloodOptions.USAGE);
            System.exit(64);
            return;
        }
        FloodRun.FloodReport report;
        try (Progress progress = new Progress(System.err, System.console() != null)) {
            report = new FloodRun(options.run(), progress).run();
        }
        System.out.print(FloodRun.render(report));
        if (options.jsonOut() != null) {
            if (options.jsonOut().getParent() != null) {
                Files.createDirectories(options.jsonOut().getParent());
            }
            REPORT_JSON.writeValue(options.jsonOut().toFile(), report);
        }
        FloodRun.Verdict v = report.verdict();
        boolean holds = v.noServerErrors() && v.noDroppedConnections() && v.latenciesWithin2x()
                && v.anonymousLimited() && v.nothingLost() && v.chargedOnce();
        System.exit(holds ? 0 : 1);
    }

    /** The simulated rating community; exits 0 unless requests failed (the goal is reported, not enforced). */
    private static void ratingCommunity(String... args) throws Exception {
        RatingCommunityOptions.Parsed options;
        try {
            options = RatingCommunityOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(RatingCommunityOptions.USAGE);
            System.exit(64);
            return;
        }
        RatingCommunityRun.CommunityReport report;
        try (Progress progress = new Progress(System.err, System.console() != null)) {
            report = new RatingCommunityRun(options.run(), progress).run();
        }
        System.out.print(RatingCommunityRun.render(report));
        if (options.jsonOut() != null) {
            if (options.jsonOut().getParent() != null) {
                Files.createDirectories(options.jsonOut().getParent());
            }
            REPORT_JSON.writeValue(options.jsonOut().toFile(), report);
        }
        // A request that failed twice is a lost rating, not a broken run, unless they are more than 2 %.
        System.exit(report.errors() <= 0.02 * Math.max(1, report.honestGiven() + report.scriptedGiven()) ? 0 : 1);
    }

    private static void write(BenchOptions options, List<Report> reports) throws IOException {
        Object json = reports.get(0);
        if (reports.size() == 2) {
            ObjectNode both = REPORT_JSON.createObjectNode();
            both.set("base", REPORT_JSON.valueToTree(reports.get(0)));
            both.set("compared", REPORT_JSON.valueToTree(reports.get(1)));
            json = both;
        }
        if (options.jsonOut().getParent() != null) {
            Files.createDirectories(options.jsonOut().getParent());
        }
        REPORT_JSON.writeValue(options.jsonOut().toFile(), json);
    }
}
