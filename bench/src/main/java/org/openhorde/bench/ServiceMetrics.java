package org.openhorde.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's time per operation against the time of the downstream calls it makes, from the services' Prometheus
 * timers ({@code /q/metrics}) read before and after the measured window: {@code http_server_requests_seconds} of
 * the gateway's public routes and of the services' internal routes, and the gateway's REST-client timers
 * ({@code http_client_requests_seconds}) when it has them.
 *
 * <p>Server metrics do not say which gateway call made an internal call, so {@link #DOWNSTREAM} states which internal
 * routes each public route calls (OpenHorde's gateway code); an internal route called by several public routes has
 * its time shared out in proportion to their call counts. "Downstream mean" is that time per gateway call (calls
 * made only sometimes, such as base64 for the status of an {@code r2: false} request, weigh accordingly); the difference is what
 * the gateway spends itself: parsing, validation, its event loop's queueing, the Kafka send, answering.
 */
final class ServiceMetrics {

    /** Public gateway route to the internal routes ("service METHOD /path") it calls. */
    static final Map<String, List<String>> DOWNSTREAM = Map.of(
            // job-service queues the request itself since decision 0015 (read-your-writes).
            "POST /api/v2/generate/async", List.of("kudos-service POST /internal/users/authenticate",
                    "job-service POST /internal/requests"),
            // The pop's presigned URLs are signed in the gateway since decision 0018: one internal hop.
            "POST /api/v2/generate/pop", List.of("kudos-service POST /internal/users/authenticate",
                    "job-service POST /internal/pop"),
            "POST /api/v2/generate/submit", List.of("kudos-service POST /internal/users/authenticate",
                    "job-service POST /internal/submit"),
            "GET /api/v2/generate/check/{id}", List.of(),
            // Only an r2: false request's status asks storage-service (for base64); URLs are signed in the gateway.
            "GET /api/v2/generate/status/{id}", List.of("storage-service POST /internal/generations/base64"),
            "GET /api/v2/status/heartbeat", List.of(),
            // A registered interrogation (the flood's registered users): its sources, then the commit.
            "POST /api/v2/interrogate/async", List.of("kudos-service POST /internal/users/authenticate",
                    "storage-service PUT /internal/sources/{requestId}",
                    "interrogation-service POST /internal/interrogations"),
            "GET /api/v2/interrogate/status/{id}", List.of("interrogation-service GET /internal/interrogations/{id}"));

    /** One timer's count and total seconds. */
    record Timer(double count, double seconds) {
        Timer minus(Timer earlier) {
            return new Timer(count - earlier.count, seconds - earlier.seconds);
        }
    }

    /**
     * Each service's server timers and client timers, keyed "service METHOD /path" / "service client METHOD /path";
     * and the gateway's overhead histogram ({@code horde_gateway_overhead_seconds}, decision 0058): per route, the
     * cumulative count at each bucket bound in seconds ({@code +Inf} as {@link Double#POSITIVE_INFINITY}).
     */
    record Snapshot(Map<String, Timer> timers, Map<String, TreeMap<Double, Double>> overheadBuckets) {

        Snapshot(Map<String, Timer> timers) {
            this(timers, Map.of());
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^(http_server_requests_seconds|http_client_requests_seconds|postgresql_processing_seconds)_(count|sum)"
                    + "\\{([^}]*)}\\s+(\\S+)");
    /**
     * The key of a service's SQL timer: the Vert.x SQL client's {@code postgresql_processing_seconds} (Quarkus's
     * Micrometer binder), one count per statement the service's reactive pool sent, prepared or simple, each
     * {@code executeBatch} once; the transaction's BEGIN and COMMIT are not counted.
     */
    static final String SQL = " sql";
    private static final Pattern OVERHEAD_BUCKET = Pattern.compile(
            "^horde_gateway_overhead_seconds_bucket\\{([^}]*)}\\s+(\\S+)");
    /** The gateway's own time per call is judged against this (issue 13: "overhead p99 ≤ 5 ms"). */
    static final double OVERHEAD_TARGET_MS = 5;
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, URI> services;

    /** Service name ("gateway", "job-service", ...) to its base URL. */
    ServiceMetrics(Map<String, URI> services) {
        this.services = services;
    }

    /** The layout {@code ./horde} gives the services: gateway on the base port, job +1, kudos +2,
     * interrogation +3, rating +4, storage +5 (a service not running is skipped). */
    static Map<String, URI> hordeLayout(URI gateway) {
        Map<String, URI> out = new LinkedHashMap<>();
        int port = gateway.getPort() < 0 ? 80 : gateway.getPort();
        out.put("gateway", gateway);
        out.put("job-service", URI.create("http://" + gateway.getHost() + ":" + (port + 1)));
        out.put("kudos-service", URI.create("http://" + gateway.getHost() + ":" + (port + 2)));
        out.put("interrogation-service", URI.create("http://" + gateway.getHost() + ":" + (port + 3)));
        out.put("rating-service", URI.create("http://" + gateway.getHost() + ":" + (port + 4)));
        out.put("storage-service", URI.create("http://" + gateway.getHost() + ":" + (port + 5)));
        return out;
    }

    Snapshot read() {
        Map<String, Timer> timers = new HashMap<>();
        Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
        Http1 http = Http1.forThisThread();
        try {
            services.forEach((name, base) -> {
                try {
                    Http1.Response answer = http.get(base.resolve("/q/metrics"), null);
                    if (answer.status() == 200) {
                        parse(name, answer.text(), timers);
                        if (name.equals("gateway")) {
                            parseOverheadBuckets(answer.text(), buckets);
                        }
                    }
                } catch (IOException unreachable) {
                    // a server without /q/metrics (another AI Horde): no overhead table for it
                }
            });
        } finally {
            http.closeAll();
        }
        return new Snapshot(timers, buckets);
    }

    /** The gateway's overhead histogram: route to bucket bound (seconds) to cumulative count. */
    static void parseOverheadBuckets(String prometheusText, Map<String, TreeMap<Double, Double>> into) {
        for (String line : prometheusText.split("\n")) {
            Matcher m = OVERHEAD_BUCKET.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = labels(m.group(1));
            String route = labels.get("route");
            String le = labels.get("le");
            if (route == null || le == null) {
                continue;
            }
            try {
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                into.computeIfAbsent(route, r -> new TreeMap<>()).merge(bound,
                        Double.parseDouble(m.group(2)), Double::sum);
            } catch (NumberFormatException e) {
                // not a figure: skip the line
            }
        }
    }

    /**
     * The {@code q} quantile (0..1) in ms of a window's cumulative buckets, interpolated linearly inside its bucket
     * (from the bucket below's bound, or 0); in the open bucket above the last bound, that bound. NaN without samples.
     */
    static double quantileMs(TreeMap<Double, Double> cumulative, double q) {
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return round(lowerBound * 1000);
                }
                double inBucket = b.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return round((lowerBound + (b.getKey() - lowerBound) * fraction) * 1000);
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return round(lowerBound * 1000);
    }

    /** The window's buckets of one route: {@code after} less {@code before}, bound by bound. */
    static TreeMap<Double, Double> windowBuckets(Snapshot before, Snapshot after, String route) {
        TreeMap<Double, Double> out = new TreeMap<>();
        TreeMap<Double, Double> end = after.overheadBuckets().get(route);
        if (end == null) {
            return out;
        }
        Map<Double, Double> start = before.overheadBuckets().getOrDefault(route, new TreeMap<>());
        end.forEach((bound, count) -> out.put(bound, count - start.getOrDefault(bound, 0.0)));
        return out;
    }

    /** Adds the service's timers to {@code into}, summed over status and outcome. */
    static void parse(String service, String prometheusText, Map<String, Timer> into) {
        for (String line : prometheusText.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = labels(m.group(3));
            String uri = labels.getOrDefault("uri", "?");
            String key = m.group(1).startsWith("postgresql") ? service + SQL
                    : service + (m.group(1).startsWith("http_client") ? " client " : " ")
                    + labels.getOrDefault("method", "?") + " " + uri;
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            Timer t = into.getOrDefault(key, new Timer(0, 0));
            into.put(key, m.group(2).equals("count") ? new Timer(t.count() + value, t.seconds())
                    : new Timer(t.count(), t.seconds() + value));
        }
    }

    /** A Prometheus series' labels, {@code name="value",...}, as a map. */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        Matcher l = LABEL.matcher(text);
        while (l.find()) {
            labels.put(l.group(1), l.group(2));
        }
        return labels;
    }

    /** The overhead rows for the window between two snapshots: gateway routes that were called, busiest first. */
    static List<Report.Overhead> overhead(Snapshot before, Snapshot after) {
        Map<String, Timer> window = new HashMap<>();
        after.timers().forEach((k, t) -> window.put(k, t.minus(before.timers().getOrDefault(k, new Timer(0, 0)))));
        List<Report.Overhead> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> route : DOWNSTREAM.entrySet()) {
            Timer gateway = window.get("gateway " + route.getKey());
            if (gateway == null || gateway.count() <= 0) {
                continue;
            }
            double gatewayMs = gateway.seconds() / gateway.count() * 1000;
            Map<String, Double> calls = new LinkedHashMap<>();
            double downstreamMs = 0;
            for (String internal : route.getValue()) {
                Timer served = window.get(internal);
                if (served == null || served.count() <= 0) {
                    continue;
                }
                double callers = DOWNSTREAM.entrySet().stream().filter(e -> e.getValue().contains(internal))
                        .mapToDouble(e -> window.getOrDefault("gateway " + e.getKey(), new Timer(0, 0)).count())
                        .sum();
                double share = served.seconds() * (gateway.count() / callers);
                double perCall = share / gateway.count() * 1000;
                calls.put(internal, round(perCall));
                downstreamMs += perCall;
            }
            TreeMap<Double, Double> buckets = windowBuckets(before, after, route.getKey());
            double samples = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
            Double withinTarget = buckets.get(OVERHEAD_TARGET_MS / 1000);
            Report.OverheadPerCall perCall = new Report.OverheadPerCall(samples > 0, (long) samples,
                    samples > 0 ? quantileMs(buckets, 0.5) : 0, samples > 0 ? quantileMs(buckets, 0.99) : 0,
                    samples > 0 && withinTarget != null ? round(withinTarget / samples * 100) : 0);
            rows.add(new Report.Overhead(route.getKey(), (long) gateway.count(), round(gatewayMs), round(downstreamMs),
                    round(gatewayMs - downstreamMs), calls, perCall));
        }
        rows.sort((a, b) -> Long.compare(b.calls(), a.calls()));
        return rows;
    }

    /** The gateway's REST-client timers in the window (mean ms per call, by method and path), when it has them. */
    static Map<String, Double> clientTimers(Snapshot before, Snapshot after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.timers().forEach((k, t) -> {
            if (k.startsWith("gateway client ")) {
                Timer w = t.minus(before.timers().getOrDefault(k, new Timer(0, 0)));
                if (w.count() > 0) {
                    out.put(k.substring("gateway client ".length()), round(w.seconds() / w.count() * 1000));
                }
            }
        });
        return out;
    }

    /**
     * SQL statements each service sent to PostgreSQL in the window (each service owns one schema), per lifecycle
     * completed in it, and their mean time as the service waited for them; services without a database are left out.
     */
    static Report.Statements statements(Snapshot before, Snapshot after, long lifecycles) {
        if (before == null || after == null) {
            return new Report.Statements(false, lifecycles, Map.of(), 0, 0);
        }
        Map<String, Report.ServiceStatements> services = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Timer> t : after.timers().entrySet()) {
            if (!t.getKey().endsWith(SQL)) {
                continue;
            }
            Timer w = t.getValue().minus(before.timers().getOrDefault(t.getKey(), new Timer(0, 0)));
            String service = t.getKey().substring(0, t.getKey().length() - SQL.length());
            services.put(service, new Report.ServiceStatements((long) w.count(),
                    lifecycles == 0 ? 0 : round(w.count() / lifecycles),
                    w.count() <= 0 ? 0 : round(w.seconds() / w.count() * 1000)));
            total += w.count();
        }
        return new Report.Statements(!services.isEmpty(), lifecycles, services, (long) total,
                lifecycles == 0 ? 0 : round(total / lifecycles));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
