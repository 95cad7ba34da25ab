package org.openhorde.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openhorde.deploy.TestDurationsMain.Suite;
import org.openhorde.deploy.TestDurationsMain.Total;

/** The test-duration table reads each report's {@code <testsuite>} figures and sums them per module, longest first. */
class TestDurationsMainTest {

    private static String report(String className, String time, int tests, int failures, int errors) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0.2" name="%s"
                    time="%s" tests="%d" errors="%d" skipped="1" failures="%d">
                  <properties><property name="java.version" value="17"/></properties>
                  <testcase name="works" classname="%s" time="0.5"/>
                  <system-out><![CDATA[<testsuite name="not this one" time="999"/>]]></system-out>
                </testsuite>
                """.formatted(className, time, tests, errors, failures, className);
    }

    private static Suite parse(String xml) throws XMLStreamException {
        return TestDurationsMain.parse("job-service", false,
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheRootTestsuiteFigures() throws Exception {
        Suite suite = parse(report("org.openhorde.jobs.PopTest", "12.345", 7, 1, 2));
        assertEquals(new Suite("job-service", false, "org.openhorde.jobs.PopTest", 12.345, 7, 3, 1), suite);
        assertEquals("PopTest", suite.simpleName());
    }

    @Test
    void readsATimeWithAGroupingComma() throws Exception {
        assertEquals(1052.3, parse(report("a.SlowIT", "1,052.3", 1, 0, 0)).seconds(), 1e-9);
    }

    @Test
    void refusesAFileThatIsNotATestReport() {
        assertThrows(XMLStreamException.class, () -> parse("<?xml version=\"1.0\"?><project/>"));
    }

    @Test
    void sumsPerModuleWithItsItsApartAndSortsLongestFirst() {
        List<Suite> suites = List.of(
                new Suite("job-service", false, "j.ATest", 10, 3, 0, 0),
                new Suite("job-service", false, "j.BTest", 20, 4, 1, 0),
                new Suite("deploy", false, "d.ParseTest", 0.2, 2, 0, 0),
                new Suite("deploy", true, "d.FastIT", 30, 1, 0, 0),
                new Suite("deploy", true, "d.SlowIT", 300, 2, 1, 0));
        assertEquals(List.of(
                        new Total("deploy ITs", 2, 3, 1, 330),
                        new Total("job-service", 2, 7, 1, 30),
                        new Total("deploy", 1, 2, 0, 0.2)),
                TestDurationsMain.moduleTotals(suites));
        assertEquals(List.of("d.SlowIT", "d.FastIT"),
                TestDurationsMain.integrationTests(suites).stream().map(Suite::className).toList());
    }

    @Test
    void collectsOnlyThisRunsReportsOfEveryModule(@TempDir Path root) throws Exception {
        Path surefire = Files.createDirectories(root.resolve("kudos-service/target/surefire-reports"));
        Path failsafe = Files.createDirectories(root.resolve("deploy/target/failsafe-reports"));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(surefire.resolve("TEST-k.LedgerTest.xml"), report("k.LedgerTest", "4.5", 3, 0, 0));
        Files.writeString(surefire.resolve("k.LedgerTest.txt"), "not a report");
        Files.writeString(failsafe.resolve("TEST-d.FlowIT.xml"), report("d.FlowIT", "65.4", 2, 0, 0));
        Path stale = Files.writeString(surefire.resolve("TEST-k.OldTest.xml"), report("k.OldTest", "9", 1, 0, 0));
        Files.setLastModifiedTime(stale, FileTime.fromMillis(1_000));

        List<Suite> suites = TestDurationsMain.collect(root, 2_000);

        assertEquals(List.of("d.FlowIT", "k.LedgerTest"),
                suites.stream().map(Suite::className).sorted().toList());
        assertTrue(suites.stream().anyMatch(s -> s.integration() && s.module().equals("deploy")));
    }

    @Test
    void printsBothTablesWithoutLookingLikeMavensSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TestDurationsMain.print(List.of(
                new Suite("job-service", false, "j.ATest", 12.34, 3, 0, 0),
                new Suite("deploy", true, "org.openhorde.deploy.SlowIT", 305, 2, 1, 0)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(table.contains("deploy ITs"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s+SlowIT\\s+2\\s+1\\s+5:05")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s+job-service\\s+1\\s+3\\s+-\\s+12\\.3 s")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s+all\\s+2\\s+5\\s+1\\s+5:17")), table);
        // CI reads Maven's own "Tests run: ..., Failures: ..." lines; this table must not be mistaken for one.
        assertFalse(table.contains("Tests run"), table);
    }
}
