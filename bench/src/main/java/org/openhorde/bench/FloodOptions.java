package org.openhorde.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line of the flood mode ({@code --flood ...}): the GenAlt story, replayed against one horde. */
final class FloodOptions {

    static final String USAGE = """
            usage: java -jar bench.jar --flood [options]   (a GenAlt-style interrogation flood)

              --horde-url URL            the gateway (default http://127.0.0.1:8080)
              --horde-home DIR           its HORDE_HOME, for the operator key (or --operator-key KEY)
              --operator-key KEY         creates the registered users (with kudos) through POST /operator/users
              --kudos-service-url URL    kudos-service, to read the ledger audit at the end (optional)
              --anonymous N              anonymous interrogations sent (default 4000)
              --burst N                  of which this many at once (default 500)
              --burst-interval SECONDS   between the starts of two bursts (default 2)
              --submitters N             connections sending the bursts (default 16)
              --pollers N                clients polling ids that expired or never existed (default 50)
              --poll-interval SECONDS    each poller's pause between polls (default 0.05)
              --registered N             registered users, each a steady stream (default 4)
              --registered-interval S    each one submits an image or an interrogation this often (default 1)
              --status-interval S        and polls each of its waiting requests this often (default 0.5)
              --baseline SECONDS         the unloaded phase: registered users alone (default 20)
              --loaded SECONDS           the loaded phase lasts at least this long (default 20)
              --drain SECONDS            longest wait for the registered requests to finish (default 180)
              --image-model NAME         the model registered image requests ask for (default stable_diffusion)
              --keep-anonymous           leave the anonymous interrogations queued (default: cancel them at the end)
              --json-out FILE            also write the figures as JSON
              --allow-remote             drive a non-loopback server (you must own it)
            """;

    record Parsed(FloodRun.Options run, Path jsonOut) {
    }

    private FloodOptions() {
    }

    static boolean wanted(String... args) {
        for (String arg : args) {
            if (arg.equals("--flood")) {
                return true;
            }
        }
        return false;
    }

    static Parsed parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean keepAnonymous = false;
        boolean allowRemote = false;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            switch (key) {
                case "--flood" -> { }
                case "--keep-anonymous" -> keepAnonymous = true;
                case "--allow-remote" -> allowRemote = true;
                default -> {
                    if (key.startsWith("--") && key.contains("=")) {
                        given.put(key.substring(2, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
                    } else if (key.startsWith("--") && i + 1 < args.length) {
                        given.put(key.substring(2), args[++i]);
                    } else {
                        throw new IllegalArgumentException("unexpected argument '" + key + "'");
                    }
                }
            }
        }
        URI base = BenchOptions.base(text(given, "horde-url", "http://127.0.0.1:8080"));
        if (!allowRemote && !loopback(base.getHost())) {
            throw new IllegalArgumentException("the flood mode floods: loopback servers only, unless --allow-remote");
        }
        String home = text(given, "horde-home", null);
        String kudos = text(given, "kudos-service-url", null);
        String json = text(given, "json-out", null);
        FloodRun.Options run = new FloodRun.Options(base, home == null ? null : Path.of(home),
                text(given, "operator-key", null), kudos == null ? null : BenchOptions.base(kudos),
                integer(given, "anonymous", 4000, 0, 1_000_000), integer(given, "burst", 500, 1, 100_000),
                seconds(given, "burst-interval", 2), integer(given, "submitters", 16, 1, 1000),
                integer(given, "pollers", 50, 0, 5000), seconds(given, "poll-interval", 0.05),
                integer(given, "registered", 4, 1, 100), seconds(given, "registered-interval", 1),
                seconds(given, "status-interval", 0.5), seconds(given, "baseline", 20), seconds(given, "loaded", 20),
                seconds(given, "drain", 180), text(given, "image-model", "stable_diffusion"), !keepAnonymous);
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
        }
        return new Parsed(run, json == null ? null : Path.of(json));
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }

    private static String text(Map<String, String> given, String key, String fallback) {
        String value = given.remove(key);
        return value == null ? fallback : value;
    }

    private static int integer(Map<String, String> given, String key, int fallback, int min, int max) {
        String value = given.remove(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + value + "'");
        }
    }

    private static Duration seconds(Map<String, String> given, String key, double fallback) {
        String value = given.remove(key);
        double s = fallback;
        if (value != null) {
            try {
                s = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a number of seconds, not '" + value + "'");
            }
        }
        if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("--" + key + " must be 0 or more seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
