package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GenAlt flood (issue 14), smaller: {@code bench --flood} against the packaged horde with two reference
 * interrogation workers and one reference image worker running, then the "what must hold" read from the
 * bench's JSON report: no 5xx, no dropped connections, registered users' submit and status latencies measured
 * unloaded and loaded (printed; asserted only on request, see {@link #MAX_RATIO}), anonymous users beyond their
 * concurrency refused with 429 {@code TooManyPrompts}, every
 * accepted registered request finished and charged once (ledger audit holds), and a 404 poll costs no database query.
 *
 * <p>Shrink or grow it with system properties: {@code horde.flood.anonymous} (700), {@code .burst} (350),
 * {@code .pollers} (20), {@code .registered} (2), {@code .warmup} (5 s), {@code .baseline} (10 s), {@code .loaded} (10 s), {@code .drain}
 * (180 s), {@code .max-ratio} (unset: not asserted), {@code .check-p99} (false: on a shared 2-core machine the p99 of a few dozen
 * samples is noise; the bench prints it either way), {@code .anonymous-concurrency} (500, the AI Horde's).
 */
class FloodIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ANONYMOUS = Integer.getInteger("horde.flood.anonymous", 700);
    private static final int ANONYMOUS_CONCURRENCY = Integer.getInteger("horde.flood.anonymous-concurrency", 500);
    /**
     * Latency is a benchmark figure, not a test assertion (a 2-core machine shared by the load generator, the workers
     * and the horde measures its own contention): the ratios are printed, and only asserted when a run asks for it
     * with {@code -Dhorde.flood.max-ratio=2.0}. {@code bench --flood}'s exit code judges them in a real measurement.
     */
    private static final String MAX_RATIO = System.getProperty("horde.flood.max-ratio");
    private static final boolean CHECK_P99 = Boolean.getBoolean("horde.flood.check-p99");
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Process worker(Path jar, Path keyFile, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--horde-url", horde.gatewayUrl(),
                "--api-key-file", keyFile.toString(), "--pop-interval", "0.5", "--max-backoff", "4"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void theHordeStaysUsefulToRegisteredUsersThroughAGenAltFlood() throws Exception {
        Path benchJar = horde.root().resolve("bench/target/bench.jar");
        Path workerJar = horde.root().resolve("worker/target/worker.jar");
        assertTrue(Files.isRegularFile(benchJar), "package the bench first: " + benchJar);
        assertTrue(Files.isRegularFile(workerJar), "package the worker first: " + workerJar);
        Path logs = horde.home().resolve("logs");
        Files.createDirectories(logs);

        // One owner (self-registered, untrusted: 3 workers are within the AI Horde's 4) for all three workers.
        String ownerKey = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("flood-owner-") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
        Path keyFile = horde.home().resolve(unique("flood-owner-") + ".key");
        Files.writeString(keyFile, ownerKey);
        String model = unique("it-flood-model-");
        String prefix = unique("it-flood-");
        List<Process> workers = new ArrayList<>();
        Path json = horde.home().resolve("flood.json");
        Path benchLog = logs.resolve("flood-bench.log");
        Files.deleteIfExists(json);
        try {
            workers.add(worker(workerJar, keyFile, logs.resolve(prefix + "image.log"), "--name", prefix + "image",
                    "--models", model, "--max-threads", "2", "--queue-size", "1"));
            for (int i = 1; i <= 2; i++) {
                workers.add(worker(workerJar, keyFile, logs.resolve(prefix + "alchemist-" + i + ".log"),
                        "--type", "interrogation", "--name", prefix + "alchemist-" + i, "--forms", "caption"));
            }
            Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", benchJar.toString(), "--flood", "--horde-url", horde.gatewayUrl(),
                    "--horde-home", horde.home().toString(), "--kudos-service-url", horde.serviceUrl(2),
                    "--image-model", model,
                    // CPU per phase of the horde's own processes only: finding the shared infrastructure's processes
                    // scans every process's descriptors, which the IT's budget does not need (the bench's default
                    // reports them in a real measurement).
                    "--infra-ports", "none",
                    "--anonymous", Integer.toString(ANONYMOUS),
                    // As many connections as GenAlt's many clients: with the gateway's paced anonymous lane
                    // (decision 0052) 16 would all sit in its 10-s backlog and the bench, not the horde, would set
                    // the flood's rate; 64 fill the backlog, so the "busy" 429 is exercised and the phase ends.
                    "--submitters", System.getProperty("horde.flood.submitters", "64"),
                    "--burst", System.getProperty("horde.flood.burst", "350"),
                    "--pollers", System.getProperty("horde.flood.pollers", "20"),
                    "--registered", System.getProperty("horde.flood.registered", "2"),
                    // The IT horde is already warm from the ITs before this one: a short warm-up suffices.
                    "--warmup", System.getProperty("horde.flood.warmup", "5"),
                    "--baseline", System.getProperty("horde.flood.baseline", "10"),
                    "--loaded", System.getProperty("horde.flood.loaded", "10"),
                    "--drain", System.getProperty("horde.flood.drain", "180"),
                    "--json-out", json.toString())
                    .redirectErrorStream(true).redirectOutput(benchLog.toFile()).start();
            assertTrue(bench.waitFor(10, TimeUnit.MINUTES), "the flood ends by itself");
        } finally {
            workers.forEach(Process::destroy);
            for (Process w : workers) {
                w.waitFor(60, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(benchLog);
        assertTrue(Files.isRegularFile(json), "no report:\n" + output);
        JsonNode report = JSON.readTree(json.toFile());
        String shown = output + "\n" + report.toPrettyString();
        // The figures go to the test's output on every run, so a CI log shows what the flood did to the horde.
        System.out.println("FloodIT: bench --flood report\n" + output);

        // The horde keeps answering: no 5xx, no dropped connections, anywhere.
        assertTrue(report.at("/verdict/no_server_errors").asBoolean(), shown);
        assertTrue(report.at("/verdict/no_dropped_connections").asBoolean(), shown);
        // Polls of missing ids are all answered 404.
        assertTrue(report.at("/polls/total").asLong() > 0, shown);
        assertEquals(report.at("/polls/total").asLong(), report.at("/polls/not_found").asLong(), shown);
        // Anonymous users beyond their concurrency get 429 TooManyPrompts, and nothing else.
        assertTrue(report.at("/verdict/anonymous_limited").asBoolean(), shown);
        if (ANONYMOUS > ANONYMOUS_CONCURRENCY + 100) {
            assertTrue(report.at("/anonymous/too_many_prompts").asLong() > 0, shown);
            // ... and, once the gateway has seen the anonymous user full, without their bodies being read
            // (decision 0039): the gateway counts those refusals apart.
            assertTrue(gatewayCounter("horde_gateway_interrogations_total{outcome=\"too_many_prompts_at_once\"")
                    > 0, "no anonymous interrogation was refused unread\n" + shown);
        }
        // Registered users: everything accepted finished, charged exactly once, the ledger balances.
        assertTrue(report.at("/registered/accepted").asLong() > 0, shown);
        assertTrue(report.at("/verdict/nothing_lost").asBoolean(), shown);
        assertTrue(report.at("/verdict/charged_once").asBoolean(), shown);
        assertEquals("holds", report.at("/kudos/ledger_invariant").asText(), shown);
        // Their submit and status latencies were measured both ways (within MAX_RATIO only when a run asks).
        for (JsonNode row : report.path("latencies")) {
            String what = row.path("what").asText();
            if (what.contains("->")) {
                continue; // end to end: shows priority, bounded by the workers, not by the flood
            }
            assertTrue(row.at("/unloaded/count").asLong() > 0 && row.at("/loaded/count").asLong() > 0, shown);
            if (MAX_RATIO != null) {
                double maxRatio = Double.parseDouble(MAX_RATIO);
                assertTrue(row.path("p50_ratio").asDouble() <= maxRatio, what + " p50: " + shown);
                if (CHECK_P99) {
                    assertTrue(row.path("p99_ratio").asDouble() <= maxRatio, what + " p99: " + shown);
                }
            }
        }
        // Where the phases' time went: each process's cores and its threads waiting for a core (decision 0058).
        assertTrue(report.at("/cpu/measured").asBoolean(), shown);
        assertTrue(report.at("/cpu/processes/gateway/loaded_cores").asDouble() > 0
                && report.at("/cpu/processes/gateway/loaded_waiting").asDouble() >= 0
                && report.at("/cpu/horde_loaded_waiting").isNumber(), shown);
        assertTrue(output.contains("threads waiting for a core"), output);
        // Where a registered call's time went, per phase (decision 0059): the gateway's own time on the image submit
        // route and the internal services behind it, and the registered clients' own wait for a core.
        JsonNode imageSubmitRoute = null;
        for (JsonNode route : report.at("/route_times/loaded")) {
            if (route.path("route").asText().equals("POST /api/v2/generate/async")) {
                imageSubmitRoute = route;
            }
        }
        assertTrue(imageSubmitRoute != null && imageSubmitRoute.at("/per_call/measured").asBoolean()
                && imageSubmitRoute.at("/per_call/samples").asLong() > 0
                && imageSubmitRoute.path("downstream_mean_ms").asDouble() > 0, shown);
        assertTrue(report.at("/registered_client_wait/loaded_ms_per_call").asDouble() >= 0, shown);
        // Ten-second phases give rows of a few dozen samples: their p99s are printed, not judged.
        assertTrue(report.at("/verdict/p99_judged").isBoolean(), shown);
        assertEquals(!report.at("/verdict/p99_judged").asBoolean(), output.contains("p99 not judged"), output);
        // Served in priority order: the registered requests all finished; if anonymous ones remained, they waited.
        // ("not shown" when no anonymous request was left waiting to compare with: not a failure.)
        assertTrue(!report.at("/verdict/priority").asText().startsWith("no:"), shown);

        aMissingIdIsAnsweredWithoutTouchingTheDatabase();
    }

    /** The gateway's count of 404s to unknown interrogation ids it held back before sending (decision 0060). */
    private static final String ANSWERED_LATE =
            "horde_gateway_interrogation_status_unknown_answered_total{when=\"late\"";

    /**
     * A 404 poll costs no database query: 1,000 polls of ids that never existed are answered by the gateway alone
     * (from its Redis key of known interrogations), so none of them reaches interrogation-service, the only holder of
     * interrogation rows (the gateway has no database). Counted from interrogation-service's own HTTP server metrics;
     * table scan counters would not do, as its sweeps scan on their own schedule (after a flood, by the hundreds).
     * Each 404 comes a second late (decision 0060, the production default), so the polls go out 100 at a time, and
     * the gateway's own count shows every one of them was held back rather than answered at once.
     */
    private void aMissingIdIsAnsweredWithoutTouchingTheDatabase() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int polls = 1_000;
        int atOnce = 100;
        long before = servedRequests(http);
        double lateBefore = gatewayCounter(ANSWERED_LATE);
        long started = System.nanoTime();
        for (int sent = 0; sent < polls; sent += atOnce) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < atOnce; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(horde.gatewayUrl()
                        + "/api/v2/interrogate/status/" + UUID.randomUUID())).GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> pending : answers) {
                HttpResponse<String> answer = pending.get(60, TimeUnit.SECONDS);
                assertEquals(404, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("RequestNotFound"), answer.body());
            }
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        long reached = servedRequests(http) - before;
        double late = gatewayCounter(ANSWERED_LATE)
                - lateBefore;
        System.out.printf("FloodIT: %d polls of missing ids in %d ms, %.0f answered late; interrogation-service "
                + "served %d requests meanwhile%n", polls, tookMillis, late, reached);
        assertTrue(reached < polls / 100, "interrogation-service served " + reached + " requests while " + polls
                + " missing ids were polled: the 404s reach it");
        assertTrue(late >= polls, late + " of " + polls + " 404s to missing ids were held back");
        // Ten rounds of 100, each answered no sooner than a second after it was sent.
        assertTrue(tookMillis >= (long) (polls / atOnce) * 1000, "1,000 late 404s took only " + tookMillis + " ms");
    }

    /** A counter of the gateway's Prometheus metrics (the line starting with {@code series}), 0 when absent. */
    private static double gatewayCounter(String series) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(horde.gatewayUrl()
                + "/q/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Requests interrogation-service answered so far, its own /q endpoints left out. */
    private static long servedRequests(HttpClient http) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(horde.serviceUrl(3) + "/q/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double served = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count") && !line.contains("uri=\"/q/")) {
                served += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "no HTTP metrics: is it up?\n" + metrics);
        return Math.round(served);
    }
}
