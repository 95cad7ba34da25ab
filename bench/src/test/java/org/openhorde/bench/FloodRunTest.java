package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flood's bookkeeping against a tiny fake horde speaking the AI Horde wire protocol: anonymous interrogations
 * beyond 5 in flight get 429 {@code TooManyPrompts}, unknown ids 404, registered requests finish at their first
 * status and are charged once at intake. The counts, the verdict and the priority sample must come out as such.
 */
class FloodRunTest {

    private static final int ANONYMOUS_CONCURRENCY = 5;
    private HttpServer server;
    private final Map<String, AtomicLong> centikudos = new ConcurrentHashMap<>();
    private final Set<String> registeredIds = ConcurrentHashMap.newKeySet();
    private final Set<String> anonymousIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cancels = new AtomicInteger();

    @BeforeEach
    void fakeHorde() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        AtomicInteger users = new AtomicInteger();
        server.createContext("/api/v2/operator/users", ex -> {
            String key = "key-" + users.incrementAndGet();
            centikudos.put(key, new AtomicLong(100_000_000));
            respond(ex, 201, "{\"api_key\":\"" + key + "\"}");
        });
        server.createContext("/api/v2/find_user", ex -> respond(ex, 200,
                "{\"kudos\":" + centikudos.get(key(ex)).get() / 100.0 + "}"));
        server.createContext("/api/v2/generate/async", ex -> {
            centikudos.get(key(ex)).addAndGet(-1000);
            respond(ex, 202, "{\"id\":\"" + registered() + "\"}");
        });
        server.createContext("/api/v2/generate/check/", ex -> respond(ex, 200,
                "{\"done\":true,\"faulted\":false,\"kudos\":10.0}"));
        server.createContext("/api/v2/interrogate/async", ex -> {
            if ("0000000000".equals(key(ex))) {
                synchronized (anonymousIds) {
                    if (anonymousIds.size() >= ANONYMOUS_CONCURRENCY) {
                        respond(ex, 429, "{\"message\":\"too many\",\"rc\":\"TooManyPrompts\"}");
                        return;
                    }
                    String id = UUID.randomUUID().toString();
                    anonymousIds.add(id);
                    respond(ex, 202, "{\"id\":\"" + id + "\"}");
                }
                return;
            }
            centikudos.get(key(ex)).addAndGet(-FloodRun.CAPTION_INTERROGATION_CENTIKUDOS);
            respond(ex, 202, "{\"id\":\"" + registered() + "\"}");
        });
        server.createContext("/api/v2/interrogate/status/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/api/v2/interrogate/status/".length());
            if (ex.getRequestMethod().equals("DELETE") && anonymousIds.contains(id)) {
                cancels.incrementAndGet();
                respond(ex, 200, "{\"state\":\"cancelled\",\"forms\":[]}");
            } else if (registeredIds.contains(id)) {
                respond(ex, 200, "{\"state\":\"done\",\"forms\":[{\"form\":\"caption\",\"state\":\"done\"}]}");
            } else if (anonymousIds.contains(id)) {
                respond(ex, 200, "{\"state\":\"waiting\",\"forms\":[{\"form\":\"caption\",\"state\":\"waiting\"}]}");
            } else {
                respond(ex, 404, "{\"message\":\"not found\",\"rc\":\"RequestNotFound\"}");
            }
        });
        server.start();
    }

    private String registered() {
        String id = UUID.randomUUID().toString();
        registeredIds.add(id);
        return id;
    }

    private static String key(HttpExchange ex) {
        return ex.getRequestHeaders().getFirst("apikey");
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void countsRefusalsAndMissingIdsAndFindsEveryRegisteredRequestFinishedAndChargedOnce(@TempDir Path dir)
            throws Exception {
        Path samplesOut = dir.resolve("samples.csv");
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        FloodRun.Options options = new FloodRun.Options(base, null, "operator", null, 20, 10,
                Duration.ofMillis(100), 4, 3, Duration.ofMillis(20), 2, Duration.ofMillis(100),
                Duration.ofMillis(50), Duration.ofMillis(600), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                "stable_diffusion", true, java.util.Map.of(), samplesOut);
        FloodRun.FloodReport report;
        try (Progress progress = new Progress(System.err, false)) {
            report = new FloodRun(options, progress).run();
        }
        String shown = FloodRun.render(report);
        System.out.print(shown);

        // Each latency row shows the samples its p99 stands on, both phases.
        FloodRun.Comparison imageSubmit = report.latencies().get(0);
        assertTrue(shown.lines().anyMatch(l -> l.matches("\\s+samples\\s+" + imageSubmit.unloaded().count()
                + "\\s+" + imageSubmit.loaded().count())), shown);
        assertEquals(20, report.anonymous().sent(), shown);
        assertEquals(ANONYMOUS_CONCURRENCY, report.anonymous().accepted(), shown);
        assertEquals(15, report.anonymous().tooManyPrompts(), shown);
        assertEquals(ANONYMOUS_CONCURRENCY, report.anonymous().cancelled(), shown);
        assertEquals(ANONYMOUS_CONCURRENCY, cancels.get());
        assertTrue(report.polls().total() > 0, shown);
        assertEquals(report.polls().total(), report.polls().notFound(), shown);

        assertTrue(report.registered().accepted() >= 20, shown);
        assertEquals(report.registered().accepted(), report.registered().finished(), shown);
        assertEquals(0, report.registered().lost(), shown);
        assertTrue(report.kudos().chargedOnce(), shown);
        assertTrue(report.kudos().expected() > 0, shown);
        assertTrue(report.verdict().noServerErrors() && report.verdict().noDroppedConnections(), shown);
        assertTrue(report.verdict().anonymousLimited() && report.verdict().nothingLost(), shown);
        assertTrue(report.verdict().priority().startsWith("yes"), shown);
        for (FloodRun.Comparison c : report.latencies()) {
            assertTrue(c.unloaded().count() > 0 && c.loaded().count() > 0, c.what() + "\n" + shown);
        }
        // The warm-up's submits (every 100 ms for 0.6 s, two users) are sent but measured in neither phase.
        long measuredSubmits = report.latencies().stream().filter(c -> c.what().endsWith(" submit"))
                .mapToLong(c -> c.unloaded().count() + c.loaded().count()).sum();
        assertTrue(report.registered().submitted() - measuredSubmits >= 6,
                report.registered().submitted() + " submitted, " + measuredSubmits + " measured\n" + shown);
        assertTrue(shown.contains("image submit p50"), shown);
        assertTrue(shown.contains("ratio"), shown);
        // The registered clients' own wait for a core is measured in both phases (Linux /proc).
        assertTrue(report.registeredClientWait().unloadedMsPerCall() >= 0
                && report.registeredClientWait().loadedMsPerCall() >= 0, shown);
        assertTrue(shown.contains("registered clients' wait (ms/call)"), shown);
        // A few seconds give rows of a few dozen samples: their p99s are shown but not judged.
        assertFalse(report.verdict().p99Judged(), shown);
        assertTrue(shown.contains("p99 not judged"), shown);

        // --samples-out: one row per measured submit and status call, unloaded ones before the loaded phase's start.
        List<String> rows = Files.readAllLines(samplesOut);
        assertEquals("phase,kind,operation,start_s,latency_ms", rows.get(0));
        long measuredCalls = report.latencies().subList(0, 4).stream()
                .mapToLong(c -> c.unloaded().count() + c.loaded().count()).sum();
        assertEquals(measuredCalls, rows.size() - 1, String.join("\n", rows));
        for (String row : rows.subList(1, rows.size())) {
            String[] cell = row.split(",");
            assertTrue(cell[0].equals("unloaded") ? Double.parseDouble(cell[3]) < 0 : Double.parseDouble(cell[3]) >= 0,
                    row);
            assertTrue(Set.of("image", "interrogation").contains(cell[1]) && Set.of("submit", "status").contains(cell[2]),
                    row);
            assertTrue(Double.parseDouble(cell[4]) >= 0, row);
        }
    }
}
