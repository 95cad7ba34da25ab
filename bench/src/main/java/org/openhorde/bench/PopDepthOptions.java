package org.openhorde.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of the pop-depth mode ({@code --pop-depths 1000,10000,100000 ...}). */
final class PopDepthOptions {

    static final String USAGE = """
            usage: java -jar bench.jar --pop-depths D1,D2,... [options]   (pop latency against queue depth)

              --pop-depths LIST          waiting requests to fill the queue to, in order (e.g. 1000,10000,100000)
              --horde-url URL            the gateway (default http://127.0.0.1:8080); loopback only
              --kafka HOST:PORT          the broker the horde uses (default 127.0.0.1:9092)
              --topic-prefix P           the horde's topic prefix (HORDE_TOPIC_PREFIX, default none)
              --job-service-url URL      job-service, to cancel the filled requests afterwards (recommended)
              --keep-queue               leave the filled requests in the queue
              --workers W                concurrent popping workers (default 8)
              --pops N                   pops measured at each depth (default 1000)
              --warmup-pops N            unmeasured pops before the first depth (default 500)
              --unserved-share F         share of filled requests no bench worker can serve (default 0.3)
              --fill-timeout SECONDS     longest wait for intake to queue a fill (default 1800)
              --json-out FILE            also write the figures as JSON
            """;

    private PopDepthOptions() {
    }

    static boolean wanted(String... args) {
        for (String arg : args) {
            if (arg.equals("--pop-depths") || arg.startsWith("--pop-depths=")) {
                return true;
            }
        }
        return false;
    }

    record Parsed(PopDepthRun.Options run, String jsonOut) {
    }

    static Parsed parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--keep-queue")) {
                keep = true;
            } else if (key.startsWith("--") && key.contains("=")) {
                given.put(key.substring(2, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (key.startsWith("--") && i + 1 < args.length) {
                given.put(key.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + key + "'");
            }
        }
        List<Integer> depths = new ArrayList<>();
        for (String depth : given.remove("pop-depths").split(",")) {
            int d = Integer.parseInt(depth.strip());
            if (d < 1 || d > 10_000_000) {
                throw new IllegalArgumentException("--pop-depths must be between 1 and 10,000,000");
            }
            depths.add(d);
        }
        URI base = BenchOptions.base(given.getOrDefault("horde-url", "http://127.0.0.1:8080"));
        given.remove("horde-url");
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalArgumentException("the pop-depth mode fills a queue: loopback servers only");
        }
        String jobService = given.remove("job-service-url");
        double share = Double.parseDouble(given.getOrDefault("unserved-share", "0.3"));
        given.remove("unserved-share");
        if (share < 0 || share >= 1) {
            throw new IllegalArgumentException("--unserved-share must be in [0, 1)");
        }
        PopDepthRun.Options run = new PopDepthRun.Options(base, depths,
                orDefault(given, "kafka", "127.0.0.1:9092"), orDefault(given, "topic-prefix", ""),
                jobService == null ? null : BenchOptions.base(jobService),
                Integer.parseInt(orDefault(given, "workers", "8")), Integer.parseInt(orDefault(given, "pops", "1000")),
                Integer.parseInt(orDefault(given, "warmup-pops", "500")), share, Duration.ofSeconds(Long.parseLong(orDefault(given, "fill-timeout", "1800"))), !keep);
        String jsonOut = given.remove("json-out");
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
        }
        return new Parsed(run, jsonOut);
    }

    private static String orDefault(Map<String, String> given, String key, String fallback) {
        String value = given.remove(key);
        return value == null ? fallback : value;
    }
}
