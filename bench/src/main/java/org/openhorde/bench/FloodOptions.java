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
              --anonymous N              anonymous interrogations sent (default: 4000, or as many as keep the
                                         bursts going through the whole loaded phase if that is more)
              --burst N                  of which this many at once (default 500)
              --burst-interval SECONDS   between the starts of two bursts (default 2)
              --submitters N             connections sending the bursts (default 16)
              --pollers N                clients polling ids that expired or never existed (default 50)
              --poll-interval SECONDS    each poller's pause between polls (default 0.05)
              --registered N             registered users, each a steady stream (default 4)
              --registered-interval S    each one submits an image or an interrogation this often (default 1)
              --status-interval S        and polls each of its waiting requests this often (default 0.5)
              --warmup SECONDS           first the registered users alone, unmeasured: warms the horde's JVMs
                                         so the unloaded figures are not its start-up (default 60)
              --baseline SECONDS         the unloaded phase: registered users alone (default 90)
              --loaded SECONDS           the loaded phase lasts at least this long (default 90); a p99 is judged
                                         only on rows of at least 100 samples in both phases
              --drain SECONDS            longest wait for the registered requests to finish (default 180)
              --image-model NAME         the model registered image requests ask for (default stable_diffusion)
              --keep-anonymous           leave the anonymous interrogations queued (default: cancel them at the end)
              --infra-ports NAME=PORT,...  infrastructure whose CPU is reported per phase with the horde's (default
                                         postgresql=5432,redis=6379,kafka=9092,s3proxy=9000; 'none': the horde only)
              --json-out FILE            also write the figures as JSON
              --samples-out FILE         also write every measured registered call as CSV (phase, kind, operation,
                                         start in s from the loaded phase's start, latency in ms): where the tail is
              --allow-remote             drive a non-loopback server (you must own it)
            """;

    record Parsed(FloodRun.Options run, Path jsonOut) {
    }

    private FloodOptions() {
    }

    /**
     * The seed's 4,000, or more when the loaded phase outlasts them: the bursts then go on until its end, so that the
     * whole phase is measured under the flood and not its first seconds only (decision 0059).
     */
    static int defaultAnonymous(int burst, Duration burstInterval, Duration loaded) {
        if (burstInterval.isZero()) {
            return 4000;
        }
        long bursts = (loaded.toMillis() + burstInterval.toMillis() - 1) / burstInterval.toMillis();
        return (int) Math.min(1_000_000, Math.max(4000, bursts * burst));
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
        OptionSettings settings = new OptionSettings(given);
        URI base = BenchOptions.base(settings.text("horde-url", "http://127.0.0.1:8080"));
        if (!allowRemote && !BenchOptions.isLoopback(base.getHost())) {
            throw new IllegalArgumentException("the flood mode floods: loopback servers only, unless --allow-remote");
        }
        String home = settings.text("horde-home", null);
        String kudos = settings.text("kudos-service-url", null);
        String json = settings.text("json-out", null);
        String samplesOut = settings.text("samples-out", null);
        int burst = settings.integer("burst", 500, 1, 100_000);
        Duration burstInterval = settings.seconds("burst-interval", 2, 0);
        Duration loaded = settings.seconds("loaded", 90, 0);
        FloodRun.Options run = new FloodRun.Options(base, home == null ? null : Path.of(home),
                settings.text("operator-key", null), kudos == null ? null : BenchOptions.base(kudos),
                settings.integer("anonymous", defaultAnonymous(burst, burstInterval, loaded), 0, 1_000_000), burst,
                burstInterval, settings.integer("submitters", 16, 1, 1000),
                settings.integer("pollers", 50, 0, 5000), settings.seconds("poll-interval", 0.05, 0),
                settings.integer("registered", 4, 1, 100), settings.seconds("registered-interval", 1, 0),
                settings.seconds("status-interval", 0.5, 0), settings.seconds("warmup", 60, 0),
                settings.seconds("baseline", 90, 0), loaded,
                settings.seconds("drain", 180, 0), settings.text("image-model", "stable_diffusion"), !keepAnonymous,
                BenchOptions.infraPorts(settings.text("infra-ports", BenchOptions.DEFAULT_INFRA_PORTS)),
                samplesOut == null ? null : Path.of(samplesOut));
        settings.rejectUnknown();
        return new Parsed(run, json == null ? null : Path.of(json));
    }
}
