package org.openhorde.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bench's command line. {@code --short} shrinks every phase to a few seconds (the CI smoke mode). */
record BenchOptions(
        Target target,
        Target compare,
        Duration duration,
        Duration warmup,
        int requesters,
        int inFlight,
        Duration checkInterval,
        int workers,
        int amount,
        Duration popInterval,
        Duration probeInterval,
        int connections,
        Duration hammer,
        int width,
        int height,
        int steps,
        String bridgeAgent,
        Map<String, Integer> infraPorts,
        Path jsonOut) {

    /** Where the load goes and how the bench gets its users there. */
    record Target(URI base, Path hordeHome, String operatorKey, List<String> requesterKeys,
                  List<String> workerKeys, URI kudosServiceUrl) {
    }

    /** What the simulated workers announce by default; the AI Horde gives r2 uploads only to bridges it knows. */
    static final String DEFAULT_BRIDGE_AGENT = "OpenHorde bench:1:loopback";
    /** Where the infrastructure listens unless the horde home runs it: its CPU is found by listening port. */
    static final String DEFAULT_INFRA_PORTS = "postgresql=5432,redis=6379,kafka=9092,s3proxy=9000";

    static final String USAGE = """
            usage: java -jar bench.jar [options]

              --horde-url URL            AI Horde-compatible server (default http://127.0.0.1:8080)
              --horde-home DIR           its HORDE_HOME: operator key, and run/*.pid for each process's RSS
              --operator-key KEY         creates the requesters (with kudos) through POST /operator/users
              --requester-key KEYS       instead of the operator: existing requester keys, comma-separated or
                                         @FILE (one per line); requester i uses key i mod their count
              --worker-key KEYS          existing worker owner keys, as above (default: one registered owner
                                         per worker)
              --kudos-service-url URL    kudos-service, to read the ledger audit after the run (optional)
              --compare URL              run the identical load against this server too, and print both
              --compare-horde-home DIR, --compare-operator-key KEY, --compare-requester-key KEYS
                                         (or --compare-keys KEYS), --compare-worker-key KEYS,
              --compare-kudos-service-url URL   the same, for the compared server
              --bridge-agent AGENT       what the simulated workers announce (default "OpenHorde bench:1:loopback");
                                         the AI Horde hands r2 uploads only to worker software it knows
              --duration SECONDS         lifecycle phase, measured (default 60)
              --warmup SECONDS           lifecycle load before measuring (default 5)
              --requesters R             requester threads (default 8)
              --in-flight N              requests each requester keeps waiting (default 16)
              --check-interval SECONDS   each requester polls check per request this often (default 0.25)
              --workers W                simulated workers, no GPU delay (default 8)
              --amount N                 images per pop (default 1)
              --pop-interval SECONDS     a simulated worker's wait after an empty pop (default 0.01)
              --probe-interval SECONDS   during the lifecycles, probe requests one at a time, this pause between
                                         them, for a model only an otherwise idle probe worker serves: submit ->
                                         pop and worker submit -> check done under the load (default 0.25; 0
                                         turns it off)
              --connections C            connections for the check and heartbeat ceilings (default 64)
              --hammer SECONDS           length of each ceiling phase (default 10)
              --width W --height H --steps S   the requested image (default 512 x 512, 20 steps)
              --infra-ports NAME=PORT,...  infrastructure whose CPU is measured, found by listening port unless
                                         --horde-home runs it (default postgresql=5432,redis=6379,kafka=9092,
                                         s3proxy=9000; "none" for none)
              --short                    a few seconds in all: the CI smoke mode
              --json-out FILE            also write the report as JSON
              --allow-remote             drive a non-loopback server (you must own it: this is a load generator)
            """;

    static BenchOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean quick = false;
        boolean allowRemote = false;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--short")) {
                quick = true;
            } else if (key.equals("--allow-remote")) {
                allowRemote = true;
            } else if (key.startsWith("--") && key.contains("=")) {
                given.put(key.substring(2, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (key.startsWith("--") && i + 1 < args.length) {
                given.put(key.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + key + "'");
            }
        }
        Map<String, String> s = new LinkedHashMap<>(Map.of(
                "duration", "60", "warmup", "5", "requesters", "8", "in-flight", "16", "workers", "8",
                "connections", "64", "hammer", "10"));
        if (quick) {
            // No warm-up: a few seconds against a cold horde must still yield measured lifecycles.
            s.putAll(Map.of("duration", "6", "warmup", "0", "requesters", "2", "in-flight", "4", "workers", "2",
                    "connections", "4", "hammer", "2", "probe-interval", "0.1"));
        }
        s.putAll(given);
        OptionSettings settings = new OptionSettings(s);
        Target target = target(settings, "", settings.text("horde-url", "http://127.0.0.1:8080"), allowRemote);
        String compareUrl = settings.text("compare", null);
        Target compare = compareUrl == null ? null : target(settings, "compare-", compareUrl, allowRemote);
        String jsonOut = settings.text("json-out", null);
        BenchOptions options = new BenchOptions(target, compare,
                settings.seconds("duration", 60, 1),
                settings.seconds("warmup", 5, 0),
                settings.integer("requesters", 8, 1, 1000),
                settings.integer("in-flight", 16, 1, 1000),
                settings.seconds("check-interval", 0.25, 0.001),
                settings.integer("workers", 8, 1, 1000),
                settings.integer("amount", 1, 1, 20),
                settings.seconds("pop-interval", 0.01, 0),
                settings.seconds("probe-interval", 0.25, 0),
                settings.integer("connections", 64, 1, 4096),
                settings.seconds("hammer", 10, 1),
                settings.integer("width", 512, 64, 3072),
                settings.integer("height", 512, 64, 3072),
                settings.integer("steps", 20, 1, 500),
                bridgeAgent(settings.text("bridge-agent", DEFAULT_BRIDGE_AGENT)),
                infraPorts(settings.text("infra-ports", DEFAULT_INFRA_PORTS)),
                jsonOut == null ? null : Path.of(jsonOut));
        settings.rejectUnknown();
        return options;
    }

    private static Target target(OptionSettings s, String prefix, String url, boolean allowRemote) {
        URI base = base(url);
        if (!allowRemote && !isLoopback(base.getHost())) {
            throw new IllegalArgumentException(base + " is not a loopback address; the bench is a load generator, "
                    + "so point it only at a server you own and add --allow-remote");
        }
        String home = s.text(prefix + "horde-home", null);
        String kudos = s.text(prefix + "kudos-service-url", null);
        String requesterKeys = s.text(prefix + "requester-key", null);
        if (prefix.equals("compare-")) {
            String alias = s.text("compare-keys", null);
            if (alias != null && requesterKeys != null) {
                throw new IllegalArgumentException("give --compare-keys or --compare-requester-key, not both");
            }
            requesterKeys = requesterKeys == null ? alias : requesterKeys;
        }
        return new Target(base, home == null ? null : Path.of(home), s.text(prefix + "operator-key", null),
                keys("--" + prefix + "requester-key", requesterKeys),
                keys("--" + prefix + "worker-key", s.text(prefix + "worker-key", null)),
                kudos == null ? null : URI.create(kudos));
    }

    /** Comma-separated keys, or {@code @FILE} with one key per line (blank lines and # comments skipped). */
    static List<String> keys(String option, String value) {
        if (value == null) {
            return List.of();
        }
        List<String> raw;
        if (value.startsWith("@")) {
            try {
                raw = Files.readAllLines(Path.of(value.substring(1)));
            } catch (IOException e) {
                throw new IllegalArgumentException(option + ": cannot read " + value.substring(1) + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        } else {
            raw = List.of(value.split(","));
        }
        List<String> keys = raw.stream().map(String::strip).filter(k -> !k.isEmpty() && !k.startsWith("#")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(option + " names no key");
        }
        return keys;
    }

    static String bridgeAgent(String agent) {
        String a = agent.strip();
        // It is sent inside a JSON string: keep it to what needs no escaping.
        if (a.isEmpty() || a.length() > 200 || !a.matches("[\\p{Alnum} .:_/+()-]+")) {
            throw new IllegalArgumentException("--bridge-agent must be 1-200 letters, digits, spaces or .:_/+()- "
                    + "(the AI Horde's form is name:version:url), not '" + agent + "'");
        }
        return a;
    }

    static Map<String, Integer> infraPorts(String spec) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (spec.strip().equals("none")) {
            return ports;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.strip().split("=", 2);
            if (kv.length != 2 || !kv[0].matches("[a-z0-9-]+") || !kv[1].strip().matches("\\d{1,5}")) {
                throw new IllegalArgumentException("--infra-ports takes NAME=PORT,... (e.g. " + DEFAULT_INFRA_PORTS
                        + "), not '" + spec + "'");
            }
            ports.put(kv[0], Integer.parseInt(kv[1].strip()));
        }
        return ports;
    }

    static URI base(String url) {
        String b = url.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (b.endsWith("/api/v2")) {
            b = b.substring(0, b.length() - "/api/v2".length());
        }
        URI uri = URI.create(b);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the bench drives plain http URLs, not '" + url + "'");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }
}
