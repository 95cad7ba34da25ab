package org.openhorde.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Where a test run's time went: each module's test time and each IT class's time, read from the Surefire and Failsafe
 * XML reports ({@code <module>/target/surefire-reports/TEST-*.xml}, {@code <module>/target/failsafe-reports/TEST-*.xml}),
 * printed as two tables sorted by time, longest first. {@code ./horde test} prints it at the end of every run, failed
 * or not, so that CI's time budget shows which module or IT grew.
 *
 * <p>Usage: {@code TestDurationsMain <repository-root> [<since-epoch-ms>]}; with a start time, reports older than it
 * (left by an earlier run of a module this run did not reach) are not counted. Never fails the build: it exits 0.
 */
public final class TestDurationsMain {

    /** One test class's report: its module, whether Failsafe ran it, and its {@code <testsuite>} figures. */
    record Suite(String module, boolean integration, String className, double seconds, int tests, int failed,
                 int skipped) {

        String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    /** A module's (or its ITs') sum. */
    record Total(String label, int classes, int tests, int failed, double seconds) {
    }

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        // reports are our own build's output, but nothing in them needs a DTD or an external entity
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private TestDurationsMain() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        long since = args.length > 1 ? Long.parseLong(args[1]) : 0;
        try {
            print(collect(root, since), System.out);
        } catch (IOException | RuntimeException e) {
            // The durations are a report on the run, not part of its verdict.
            System.out.println("test durations unavailable: " + e);
        }
    }

    /** Every report under {@code root}'s modules written at or after {@code sinceEpochMs}, unreadable ones skipped. */
    static List<Suite> collect(Path root, long sinceEpochMs) throws IOException {
        List<Suite> suites = new ArrayList<>();
        try (DirectoryStream<Path> modules = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path module : modules) {
                for (String reports : List.of("surefire-reports", "failsafe-reports")) {
                    Path dir = module.resolve("target").resolve(reports);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
                        for (Path file : files) {
                            if (Files.getLastModifiedTime(file).toMillis() < sinceEpochMs) {
                                continue;
                            }
                            try (InputStream in = Files.newInputStream(file)) {
                                suites.add(parse(module.getFileName().toString(),
                                        reports.startsWith("failsafe"), in));
                            } catch (XMLStreamException | RuntimeException unreadable) {
                                // a report cut short by a killed fork: the others still tell where the time went
                                System.err.println("skipping " + file + ": " + unreadable.getMessage());
                            }
                        }
                    }
                }
            }
        }
        return suites;
    }

    /** The figures of a report's root {@code <testsuite>} element (read without the rest of the file). */
    static Suite parse(String module, boolean integration, InputStream report) throws XMLStreamException {
        XMLStreamReader reader = XML.createXMLStreamReader(report);
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    if (!reader.getLocalName().equals("testsuite")) {
                        throw new XMLStreamException("not a test report: <" + reader.getLocalName() + ">");
                    }
                    int failures = number(reader, "failures");
                    int errors = number(reader, "errors");
                    return new Suite(module, integration, reader.getAttributeValue(null, "name"),
                            seconds(reader.getAttributeValue(null, "time")), number(reader, "tests"),
                            failures + errors, number(reader, "skipped"));
                }
            }
            throw new XMLStreamException("empty report");
        } finally {
            reader.close();
        }
    }

    /** Surefire writes times such as {@code 1,052.3} (a grouping comma above 999 s) in some versions. */
    static double seconds(String time) {
        return time == null || time.isBlank() ? 0 : Double.parseDouble(time.replace(",", ""));
    }

    private static int number(XMLStreamReader reader, String attribute) {
        String value = reader.getAttributeValue(null, attribute);
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value.strip());
    }

    /** Per module (its ITs apart, as "module ITs"), longest first. */
    static List<Total> moduleTotals(List<Suite> suites) {
        Map<String, List<Suite>> byLabel = new LinkedHashMap<>();
        for (Suite suite : suites) {
            byLabel.computeIfAbsent(suite.module() + (suite.integration() ? " ITs" : ""), l -> new ArrayList<>())
                    .add(suite);
        }
        List<Total> totals = new ArrayList<>();
        byLabel.forEach((label, members) -> totals.add(total(label, members)));
        totals.sort(Comparator.comparingDouble(Total::seconds).reversed().thenComparing(Total::label));
        return totals;
    }

    /** The IT classes, longest first. */
    static List<Suite> integrationTests(List<Suite> suites) {
        return suites.stream().filter(Suite::integration)
                .sorted(Comparator.comparingDouble(Suite::seconds).reversed().thenComparing(Suite::className))
                .toList();
    }

    static void print(List<Suite> suites, PrintStream out) {
        out.println();
        if (suites.isEmpty()) {
            out.println("Test durations: no test reports from this run.");
            return;
        }
        out.println("Test durations (from the Surefire/Failsafe reports of this run; longest first)");
        out.printf(Locale.ROOT, "  %-28s %7s %6s %6s %9s%n", "module", "classes", "tests", "failed", "time");
        for (Total total : moduleTotals(suites)) {
            row(out, total.label(), Integer.toString(total.classes()), total);
        }
        Total all = total("all", suites);
        row(out, "all", Integer.toString(all.classes()), all);
        List<Suite> its = integrationTests(suites);
        if (!its.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "  %-28s %7s %6s %6s %9s%n", "IT class", "", "tests", "failed", "time");
            for (Suite it : its) {
                row(out, it.simpleName(), "", new Total(it.className(), 1, it.tests(), it.failed(), it.seconds()));
            }
            out.println("  (the first IT to use the shared horde includes its start; the others reuse it)");
        }
    }

    private static Total total(String label, List<Suite> members) {
        return new Total(label, members.size(), members.stream().mapToInt(Suite::tests).sum(),
                members.stream().mapToInt(Suite::failed).sum(), members.stream().mapToDouble(Suite::seconds).sum());
    }

    private static void row(PrintStream out, String label, String classes, Total total) {
        out.printf(Locale.ROOT, "  %-28s %7s %6d %6s %9s%n", label, classes, total.tests(),
                total.failed() == 0 ? "-" : Integer.toString(total.failed()), clock(total.seconds()));
    }

    /** {@code 7.3 s}, {@code 4:05} (minutes:seconds) from a minute on. */
    static String clock(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
