package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The reference worker's web console in a real browser: a worker process with {@code --console-port} on the shared
 * horde, steered by Debian's Chromium through playwright-core ({@code worker-console.mjs}). The browser changes
 * {@code max_threads} and the horde records it from the next pop, switches maintenance on and off and the horde
 * reports it, and stops the worker, which delivers the job it holds first. Before that, calls with a wrong or missing
 * token change nothing. The page's screenshot must show a page, not a blank.
 */
class WorkerConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern TOKEN = Pattern.compile("console token \\(every console call needs it\\): ([0-9a-f]{32})");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOwnerSteersTheWorkerFromABrowser() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Chromium is needed at " + CHROMIUM + " (./horde test installs it)");
        RunningHorde horde = RunningHorde.get();
        long started = System.nanoTime();
        Path workerJar = horde.root().resolve("worker/target/worker.jar");
        assertTrue(Files.isRegularFile(workerJar), "package the worker first: " + workerJar);
        String gateway = horde.gatewayUrl();
        String requesterKey = given().baseUri(gateway).header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + HordeApi.unique("console-req-") + "\",\"kudos\":1000}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
        String ownerKey = new HordeApi(horde).register();
        String model = HordeApi.unique("it-console-model-");
        String workerName = HordeApi.unique("it-console-worker-");
        Path keyFile = horde.home().resolve(workerName + ".key");
        Path settingsFile = horde.home().resolve(workerName + "-settings.json");
        Path log = horde.home().resolve("logs").resolve(workerName + ".log");
        Path screenshot = horde.root().resolve("deploy/target/worker-console.png");
        Files.createDirectories(log.getParent());
        Files.writeString(keyFile, ownerKey);
        Files.deleteIfExists(screenshot);
        int consolePort = freePort();
        String console = "http://127.0.0.1:" + consolePort;

        // 512 x 512 x 15 steps at 1 MPS/s: a job stays in hand 3.9 s, long enough for the browser to stop the
        // worker while it holds one. The horde details are asked for every 0.5 s instead of 30 s.
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", workerJar.toString(), "--horde-url", gateway, "--api-key-file", keyFile.toString(),
                "--name", workerName, "--models", model, "--mps", "1", "--pop-interval", "0.2", "--max-backoff", "2",
                "--console-port", Integer.toString(consolePort), "--console-refresh", "0.5",
                // Relative to the worker's directory, as an owner would type it: the page (and the README's
                // screenshot made from it) shows the file's name, not this machine's paths.
                "--settings", settingsFile.getFileName().toString())
                .directory(horde.home().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String token = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> tokenIn(log), t -> t != null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().baseUri(gateway).get("/api/v2/workers/name/" + workerName).statusCode() == 200);

            // A wrong or missing token changes nothing: not the settings, not the horde's view, not the worker.
            for (String wrong : new String[] {null, "", "0".repeat(32), token.substring(0, 31) + "x"}) {
                assertEquals(401, consoleCall(console, "PUT", "/api/settings", "{\"max_threads\": 7}", wrong).statusCode());
                assertEquals(401, consoleCall(console, "POST", "/api/maintenance", "{\"maintenance\": true}", wrong)
                        .statusCode());
                assertEquals(401, consoleCall(console, "POST", "/api/popping", "{\"paused\": true}", wrong).statusCode());
                assertEquals(401, consoleCall(console, "POST", "/api/stop", "{}", wrong).statusCode());
            }
            JsonNode settings = JSON.readTree(consoleCall(console, "GET", "/api/settings", null, token).body());
            assertEquals(1, settings.path("values").path("max_threads").asInt());
            assertFalse(Files.exists(settingsFile), "nothing saved by a call without the token");
            JsonNode status = JSON.readTree(consoleCall(console, "GET", "/api/status", null, token).body());
            assertEquals("running", status.path("state").asText());
            given().baseUri(gateway).get("/api/v2/workers/name/" + workerName).then()
                    .body("maintenance_mode", org.hamcrest.Matchers.equalTo(false))
                    .body("threads", org.hamcrest.Matchers.equalTo(1));
            assertTrue(worker.isAlive());

            Map<String, String> env = new HashMap<>();
            env.put("CONSOLE_URL", console + "/");
            env.put("CONSOLE_TOKEN", token);
            env.put("HORDE_URL", gateway);
            env.put("WORKER_NAME", workerName);
            env.put("REQUESTER_KEY", requesterKey);
            env.put("MODEL", model);
            env.put("SCREENSHOT", screenshot.toString());
            env.put("CHROMIUM", CHROMIUM.toString());
            NodeScripts.Outcome browser = NodeScripts.runScript(horde.root(), "worker-console.mjs", env,
                    Duration.ofSeconds(120));
            assertTrue(browser.succeeded(), "the browser script failed:\n" + browser.output()
                    + "\nworker log:\n" + Files.readString(log));
            System.out.println("WorkerConsoleIT browser script:\n" + browser.output());

            // The stop from the browser ends the process cleanly, after delivering what it held.
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker ends after the console's stop");
            assertEquals(0, worker.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("stop requested in the web console"), output);
            assertTrue(output.contains("stopped cleanly: 1 images delivered"), output);
            assertTrue(output.contains(" 0 dropped"), output);

            // The change outlives the process: the settings file holds it for the next start.
            assertEquals(3, JSON.readTree(settingsFile.toFile()).path("max_threads").asInt());
            given().baseUri(gateway).get("/api/v2/workers/name/" + workerName).then()
                    .body("maintenance_mode", org.hamcrest.Matchers.equalTo(false))
                    .body("threads", org.hamcrest.Matchers.equalTo(3));

            assertPageNotBlank(screenshot);
            System.out.printf("WorkerConsoleIT: %.1f s on the running horde (npm install included when it ran)%n",
                    (System.nanoTime() - started) / 1e9);
        } finally {
            worker.destroy();
            worker.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(settingsFile);
        }
    }

    /** A real page has text, borders and coloured badges: many colours, and no single colour almost everywhere. */
    private static void assertPageNotBlank(Path screenshot) throws IOException {
        assertTrue(Files.isRegularFile(screenshot), "the browser wrote " + screenshot);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 600, image.getWidth() + "x" + image.getHeight());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        int pixels = image.getWidth() * image.getHeight();
        int commonest = counts.values().stream().max(Integer::compare).orElse(0);
        assertTrue(counts.size() >= 64, "only " + counts.size() + " distinct colours in " + screenshot);
        assertTrue(commonest < pixels * 0.9, "one colour covers " + (100L * commonest / pixels) + " % of " + screenshot);
    }

    private static String tokenIn(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        Matcher m = TOKEN.matcher(Files.readString(log));
        return m.find() ? m.group(1) : null;
    }

    private HttpResponse<String> consoleCall(String console, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-Console-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
