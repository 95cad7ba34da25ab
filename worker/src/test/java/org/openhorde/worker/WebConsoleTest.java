package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's API against a running image worker loop and a small fake horde (the JDK's HTTP server): the
 * token guards every call, settings apply from the next pop and survive a restart through the settings file,
 * maintenance goes to the horde with the owner's key, popping pauses and resumes, and a stop ends the loop.
 */
class WebConsoleTest {

    private static final String OWNER_KEY = "owner-key-1";

    @TempDir
    Path dir;

    private HttpServer horde;
    private final List<JsonNode> pops = new CopyOnWriteArrayList<>();
    private final List<String> workerPuts = new CopyOnWriteArrayList<>();
    private WebConsole console;
    private ReferenceWorker worker;
    private Thread loop;
    private String base;
    private String token;
    private Path settingsFile;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        horde = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        horde.setExecutor(Executors.newFixedThreadPool(4));
        horde.createContext("/api/v2/generate/pop", exchange -> {
            pops.add(HordeApi.JSON.readTree(exchange.getRequestBody().readAllBytes()));
            respond(exchange, 200, "{\"id\": null, \"ids\": [], \"skipped\": {}}");
        });
        horde.createContext("/api/v2/find_user", exchange -> respond(exchange, 200,
                "{\"username\": \"bob#7\", \"kudos\": 12.5, \"trusted\": false, \"worker_count\": 1}"));
        horde.createContext("/api/v2/workers/", exchange -> {
            if (exchange.getRequestMethod().equals("PUT")) {
                workerPuts.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("apikey")
                        + " " + new String(exchange.getRequestBody().readAllBytes()));
                respond(exchange, 200, "{\"maintenance\": true}");
            } else {
                respond(exchange, 200, "{\"id\": \"w-42\", \"name\": \"couch-worker\", \"threads\": 1,"
                        + " \"maintenance_mode\": " + !workerPuts.isEmpty() + "}");
            }
        });
        horde.start();
        settingsFile = dir.resolve("worker-settings.json");
        startWorker();
    }

    private void startWorker() {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        WorkerSettings settings = WorkerSettings.load(args(port));
        WorkerOptions options = settings.current();
        WorkerConsole terminal = new WorkerConsole(new PrintStream(new ByteArrayOutputStream()), false);
        WorkerStats stats = new WorkerStats();
        HordeApi api = new HordeApi(options.hordeUrl(), options.apiKey(), options.bridgeAgent("test"));
        worker = new ReferenceWorker(settings::current, api, new ProceduralBackend(0), terminal, stats,
                options.bridgeAgent("test"));
        token = WebConsole.newToken();
        console = new WebConsole(settings, worker, stats, terminal, api, token, "images", "procedural SIMULATOR");
        console.start();
        base = "http://127.0.0.1:" + console.port();
        loop = new Thread(() -> {
            try {
                worker.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-worker-loop");
        loop.start();
    }

    private String[] args(int port) {
        return new String[] {"--api-key", OWNER_KEY, "--name", "couch-worker",
                "--horde-url", "http://127.0.0.1:" + horde.getAddress().getPort(), "--pop-interval", "0.05",
                "--console-port", Integer.toString(port), "--console-refresh", "0.2",
                "--settings", settingsFile.toString()};
    }

    private void stopWorker() throws InterruptedException {
        worker.requestStop();
        loop.join(5000);
        console.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        stopWorker();
        horde.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (withToken != null) {
            request.header("X-Console-Token", withToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return HordeApi.JSON.readTree(response.body());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aWrongOrMissingTokenChangesNothing() throws Exception {
        await(() -> !pops.isEmpty(), "the worker pops");
        List<String> wrongTokens = new ArrayList<>();
        wrongTokens.add(null);
        wrongTokens.add("");
        wrongTokens.add("0".repeat(32));
        wrongTokens.add(token.toUpperCase());
        wrongTokens.add(token + "0");
        wrongTokens.add(token.substring(1));
        for (String wrong : wrongTokens) {
            for (String[] change : List.of(
                    new String[] {"PUT", "/api/settings", "{\"max_threads\": 3}"},
                    new String[] {"POST", "/api/maintenance", "{\"maintenance\": true}"},
                    new String[] {"POST", "/api/popping", "{\"paused\": true}"},
                    new String[] {"POST", "/api/stop", "{}"},
                    new String[] {"GET", "/api/settings", null},
                    new String[] {"GET", "/api/status", null},
                    new String[] {"GET", "/api/events", null})) {
                HttpResponse<String> response = call(change[0], change[1], change[2], wrong);
                assertEquals(401, response.statusCode(), change[1] + " with token " + wrong);
                assertEquals("ConsoleTokenInvalid", json(response).path("rc").asText());
            }
        }
        // The event stream takes its token in the query (browsers cannot set headers on it); a wrong one there too.
        HttpResponse<String> stream = call("GET", "/api/events?token=" + "f".repeat(32), null, null);
        assertEquals(401, stream.statusCode());

        assertFalse(Files.exists(settingsFile), "nothing saved");
        assertTrue(workerPuts.isEmpty(), "nothing sent to the horde");
        assertFalse(worker.popsPaused());
        assertFalse(worker.stopping());
        int before = pops.size();
        await(() -> pops.size() > before + 2, "the worker keeps popping");
        assertTrue(pops.stream().allMatch(p -> p.path("threads").asInt() == 1), "every pop still says 1 thread");
        JsonNode settings = json(call("GET", "/api/settings", null, token));
        assertEquals(1, settings.path("values").path("max_threads").asInt());
    }

    @Test
    void settingsApplyFromTheNextPopAndARestartKeepsThem() throws Exception {
        await(() -> !pops.isEmpty(), "the worker pops");
        HttpResponse<String> changed = call("PUT", "/api/settings",
                "{\"max_threads\": 3, \"models\": [\"a\", \"b\"], \"nsfw\": false}", token);
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(3, json(changed).path("values").path("max_threads").asInt());
        int atChange = pops.size();
        await(() -> pops.size() > atChange + 1, "two more pops");
        // The pop in flight during the change may carry the old values; the ones after it carry the new.
        JsonNode last = pops.get(pops.size() - 1);
        assertEquals(3, last.path("threads").asInt());
        assertEquals("[\"a\",\"b\"]", last.path("models").toString());
        assertFalse(last.path("nsfw").asBoolean());

        JsonNode saved = HordeApi.JSON.readTree(settingsFile.toFile());
        assertEquals(3, saved.path("max_threads").asInt());

        // A restart with the same command line (which says nothing of threads: 1 by default) runs what was saved.
        stopWorker();
        pops.clear();
        startWorker();
        await(() -> !pops.isEmpty(), "the restarted worker pops");
        assertEquals(3, pops.get(0).path("threads").asInt());
        assertEquals("[\"a\",\"b\"]", pops.get(0).path("models").toString());
    }

    @Test
    void aWrongSettingIsRefusedWholeAndNothingChanges() throws Exception {
        for (String wrong : List.of("{\"max_threads\": 0}", "{\"max_threads\": 51}", "{\"max_threads\": \"3\"}",
                "{\"max_threads\": 2.5}", "{\"max_threads\": 2, \"queue_size\": -1}", "{\"models\": []}",
                "{\"models\": [\"a,b\"]}", "{\"nsfw\": \"yes\"}", "{\"type\": \"interrogation\"}",
                "{\"api_key\": \"stolen\"}", "{\"forms\": [\"caption\"]}", "[]", "{}", "not json")) {
            HttpResponse<String> response = call("PUT", "/api/settings", wrong, token);
            assertEquals(400, response.statusCode(), wrong + " -> " + response.body());
            assertFalse(json(response).path("message").asText().isBlank());
        }
        assertFalse(Files.exists(settingsFile), "nothing saved");
        assertEquals(1, json(call("GET", "/api/settings", null, token)).path("values").path("max_threads").asInt());
    }

    @Test
    void maintenanceGoesToTheHordeWithTheOwnersKey() throws Exception {
        HttpResponse<String> on = call("POST", "/api/maintenance", "{\"maintenance\": true}", token);
        assertEquals(200, on.statusCode(), on.body());
        assertEquals(List.of("/api/v2/workers/w-42 " + OWNER_KEY + " {\"maintenance\":true}"), workerPuts);
        assertTrue(json(on).path("worker").path("maintenance_mode").asBoolean(), "the refreshed view shows it");
        assertEquals(400, call("POST", "/api/maintenance", "{\"maintenance\": \"on\"}", token).statusCode());
        assertEquals(1, workerPuts.size());
    }

    @Test
    void pausedPoppingAsksForNothingUntilResumed() throws Exception {
        await(() -> !pops.isEmpty(), "the worker pops");
        assertEquals(200, call("POST", "/api/popping", "{\"paused\": true}", token).statusCode());
        assertEquals("paused", json(call("GET", "/api/status", null, token)).path("state").asText());
        Thread.sleep(100);
        int paused = pops.size();
        Thread.sleep(400);
        assertEquals(paused, pops.size(), "no pop while paused");
        assertEquals(200, call("POST", "/api/popping", "{\"paused\": false}", token).statusCode());
        await(() -> pops.size() > paused, "popping resumed");
    }

    @Test
    void stopEndsTheLoopAndTheStatusSaysSo() throws Exception {
        await(() -> !pops.isEmpty(), "the worker pops");
        HttpResponse<String> stop = call("POST", "/api/stop", "{}", token);
        assertEquals(202, stop.statusCode());
        loop.join(5000);
        assertFalse(loop.isAlive(), "the loop returned");
        assertEquals("stopping", json(call("GET", "/api/status", null, token)).path("state").asText());
    }

    @Test
    void statusAndHordeViewCarryTheOwnersDetails() throws Exception {
        await(() -> {
            try {
                return json(call("GET", "/api/horde", null, token)).path("user").has("username");
            } catch (Exception e) {
                return false;
            }
        }, "the horde view refreshed");
        JsonNode status = json(call("GET", "/api/status", null, token));
        assertEquals("couch-worker", status.path("name").asText());
        assertEquals("bob#7", status.path("horde").path("user").path("username").asText());
        assertEquals("w-42", status.path("horde").path("worker").path("id").asText());
        assertEquals("running", status.path("state").asText());
    }

    @Test
    void thePageIsServedWithoutTokenButNothingElse() throws Exception {
        HttpResponse<String> page = call("GET", "/", null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<label for=\"token\">"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, call("GET", "/console.js", null, null).statusCode());
        assertEquals(404, call("GET", "/../pom.xml", null, null).statusCode());
        assertEquals(404, call("GET", "/WebConsole.class", null, null).statusCode());
    }

    @Test
    void aBrokenSettingsFileStopsTheStartWithItsName() throws IOException {
        Files.writeString(settingsFile, "{\"max_threads\": 500}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerSettings.load(args(1)));
        assertTrue(e.getMessage().contains("max_threads must be between 1 and 50"), e.getMessage());
        Files.writeString(settingsFile, "[1]");
        assertThrows(IllegalArgumentException.class, () -> WorkerSettings.load(args(1)));
        Files.writeString(settingsFile, "{\"max_threads\": 4}");
        assertEquals(4, WorkerSettings.load(args(1)).current().maxThreads());
        assertNull(WorkerSettings.load("--api-key", "k", "--name", "n").file());
    }
}
