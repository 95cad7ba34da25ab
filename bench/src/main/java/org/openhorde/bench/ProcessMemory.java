package org.openhorde.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The resident memory of each process a horde home lists in {@code run/*.pid} (Linux {@code /proc}). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Process name (the PID file's name) to VmRSS in MB; empty without a horde home or off Linux. */
    static Map<String, Double> residentMb(Path hordeHome) {
        Map<String, Double> rss = new TreeMap<>();
        if (hordeHome == null) {
            return rss;
        }
        Path run = hordeHome.resolve("run");
        if (!Files.isDirectory(run)) {
            return rss;
        }
        try (Stream<Path> pidFiles = Files.list(run)) {
            pidFiles.filter(p -> p.getFileName().toString().endsWith(".pid")).forEach(pidFile -> {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                vmRssKb(pidFile).ifPresent(kb -> rss.put(name, Math.round(kb / 102.4) / 10.0));
            });
        } catch (IOException e) {
            return rss;
        }
        return rss;
    }

    private static java.util.OptionalLong vmRssKb(Path pidFile) {
        try {
            String[] fields = Files.readString(pidFile).strip().split("\\s+");
            if (fields.length == 0 || !fields[0].matches("\\d+")) {
                return java.util.OptionalLong.empty();
            }
            for (String line : Files.readAllLines(Path.of("/proc", fields[0], "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return java.util.OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended or is not ours to read: no figure rather than a wrong one
        }
        return java.util.OptionalLong.empty();
    }
}
