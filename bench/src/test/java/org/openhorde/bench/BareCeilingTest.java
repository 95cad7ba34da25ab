package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ceiling runs with the measured gateway's JVM options, so that C1 is compared with C1 and C2 with C2. */
class BareCeilingTest {

    @Test
    void takesTheGatewaysHeapCollectorAndCompilerOptionsButNotItsSystemProperties() {
        List<String> commandLine = List.of("java", "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=8080",
                "-XX:TieredStopAtLevel=1", "-jar", "quarkus-run.jar", "-Xmx1g");
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                BareCeiling.jvmOptionsOf(commandLine));
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC"),
                BareCeiling.jvmOptionsOf(List.of("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", "app.jar")));
        assertEquals(List.of(), BareCeiling.jvmOptionsOf(List.of("java", "-jar", "app.jar", "-Xmx1g")));
    }

    @Test
    void fallsBackToTheHordesDefaultsWithoutARunningGateway(@TempDir Path home) throws IOException {
        assertEquals(BareCeiling.GATEWAY_JVM_OPTIONS, BareCeiling.gatewayJvmOptions(null));
        assertEquals(BareCeiling.GATEWAY_JVM_OPTIONS, BareCeiling.gatewayJvmOptions(home));
        Files.createDirectories(home.resolve("run"));
        // a PID file left behind by a gateway that is gone: no such process
        Files.writeString(home.resolve("run/gateway.pid"), "2147483646 quarkus-run.jar\n");
        assertEquals(BareCeiling.GATEWAY_JVM_OPTIONS, BareCeiling.gatewayJvmOptions(home));
    }
}
