package org.openhorde.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interrogation loop against a small local fake of the AI Horde API: the JDK's HTTP server answers
 * {@code /api/v2/interrogate/pop} and {@code /submit} as the AI Horde does, serves the source image and takes the
 * post-processor's upload. Pure protocol: what the worker sends, in which order, and how it waits.
 */
class InterrogationWorkerTest {

    private HttpServer server;
    private String base;
    private final List<JsonNode> pops = new CopyOnWriteArrayList<>();
    private final List<JsonNode> submits = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    /** What the next pop answers: status and body, by pop number (1-based). */
    private volatile Function<Integer, Answer> popAnswers = n -> new Answer(200, "{\"forms\": null, \"skipped\": {}}");
    private volatile Function<JsonNode, Answer> submitAnswers = body -> new Answer(200, "{\"reward\": 1.0}");
    private byte[] source;

    record Answer(int status, String body) {
    }

    @BeforeEach
    void startFakeHorde() throws IOException {
        source = SimulatedAnalyser.png(SimulatedAnalyserTest.picture(64, 64, Color.WHITE, new Color(200, 30, 30)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        AtomicInteger popCount = new AtomicInteger();
        server.createContext("/api/v2/interrogate/pop", exchange -> {
            pops.add(HordeApi.JSON.readTree(exchange.getRequestBody().readAllBytes()));
            Answer answer = popAnswers.apply(popCount.incrementAndGet());
            respond(exchange, answer.status(), answer.body().getBytes());
        });
        server.createContext("/api/v2/interrogate/submit", exchange -> {
            JsonNode body = HordeApi.JSON.readTree(exchange.getRequestBody().readAllBytes());
            submits.add(body);
            Answer answer = submitAnswers.apply(body);
            respond(exchange, answer.status(), answer.body().getBytes());
        });
        server.createContext("/source.png", exchange -> respond(exchange, 200, source));
        server.createContext("/upload/", exchange -> {
            if (!"PUT".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, new byte[0]);
                return;
            }
            uploads.put(exchange.getRequestURI().getPath(), exchange.getRequestBody().readAllBytes());
            respond(exchange, 200, new byte[0]);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopFakeHorde() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** A pop answer with the given forms, each {id, form, source_image, r2_upload for post-processors}. */
    private String formsAnswer(String... idAndForm) {
        ObjectNode answer = HordeApi.JSON.createObjectNode();
        ArrayNode forms = answer.putArray("forms");
        for (String pair : idAndForm) {
            String[] parts = pair.split(":");
            ObjectNode form = forms.addObject().put("id", parts[0]).put("form", parts[1])
                    .put("source_image", base + "/source.png");
            if (SimulatedAnalyser.UPSCALERS.containsKey(parts[1]) || parts[1].equals("strip_background")) {
                form.put("r2_upload", base + "/upload/" + parts[0] + ".png?X-Amz-Signature=abc");
            }
        }
        answer.putObject("skipped");
        return answer.toString();
    }

    private record Running(InterrogationWorker worker, Thread thread, int[] exitCode, ByteArrayOutputStream log) {
    }

    private Running start(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--type", "interrogation", "--api-key", "owner-key",
                "--name", "alchemist-1", "--horde-url", base, "--pop-interval", "0.05", "--max-backoff", "1"));
        Collections.addAll(args, extraArgs);
        WorkerOptions options = WorkerOptions.parse(args.toArray(String[]::new));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WorkerConsole console = new WorkerConsole(new PrintStream(log, true), false);
        String agent = options.bridgeAgent("test");
        InterrogationWorker worker = new InterrogationWorker(options,
                new HordeApi(URI.create(base), options.apiKey(), agent), new SimulatedAnalyser(0), console,
                new WorkerStats(), agent);
        int[] exitCode = {-1};
        Thread thread = new Thread(() -> {
            try {
                exitCode[0] = worker.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        return new Running(worker, thread, exitCode, log);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private JsonNode submitOf(String id) {
        return submits.stream().filter(s -> s.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void popsSeveralFormsAtOnceAndSubmitsEachResultUnderItsFormName() throws Exception {
        popAnswers = n -> n == 1
                ? new Answer(200, formsAnswer("f1:caption", "f2:nsfw", "f3:interrogation", "f4:RealESRGAN_x2plus",
                        "f5:strip_background"))
                : new Answer(200, "{\"forms\": null, \"skipped\": {}}");
        Running running = start("--forms", "caption,nsfw,interrogation,RealESRGAN_x2plus,strip_background",
                "--max-threads", "3", "--queue-size", "4", "--max-tiles", "16");
        await("five submits", () -> submits.size() >= 5);
        running.worker().stop();
        running.thread().join(10_000);
        assertEquals(0, running.exitCode()[0]);

        // The pop carries the AI Horde's InterrogationPopInput; amount = every free slot (3 threads + 4 queued).
        JsonNode pop = pops.get(0);
        assertEquals("alchemist-1", pop.path("name").asText());
        assertEquals(7, pop.path("amount").asInt());
        assertEquals(3, pop.path("threads").asInt());
        assertEquals(16, pop.path("max_tiles").asInt());
        assertEquals("[\"caption\",\"nsfw\",\"interrogation\",\"RealESRGAN_x2plus\",\"strip_background\"]",
                pop.path("forms").toString());
        assertTrue(pop.path("priority_usernames").isArray());
        assertTrue(pop.path("bridge_agent").asText().startsWith("OpenHorde Reference Worker:test:"));
        // Once five forms are in hand, the next pop asks only for the two free slots.
        assertTrue(pops.size() >= 2);

        assertEquals("a bright square image, mostly white with red (64x64)",
                submitOf("f1").path("result").path("caption").asText());
        assertEquals("ok", submitOf("f1").path("state").asText());
        assertTrue(submitOf("f2").path("result").path("nsfw").isBoolean());
        assertTrue(submitOf("f3").path("result").path("interrogation").path("tags").size() > 0);
        // Post-processors: the image goes to the presigned URL, the submit says "R2".
        assertEquals("R2", submitOf("f4").path("result").path("RealESRGAN_x2plus").asText());
        assertEquals("R2", submitOf("f5").path("result").path("strip_background").asText());
        BufferedImage upscaled = ImageIO.read(new ByteArrayInputStream(uploads.get("/upload/f4.png")));
        assertEquals(128, upscaled.getWidth());
        BufferedImage cut = ImageIO.read(new ByteArrayInputStream(uploads.get("/upload/f5.png")));
        assertEquals(0, cut.getRGB(0, 0) >>> 24);
    }

    @Test
    void waitsForAHordeThatIsDownAndKeepsTheFormsItHolds() throws Exception {
        AtomicInteger failedSubmits = new AtomicInteger();
        popAnswers = n -> switch (n) {
            case 1 -> new Answer(503, "{\"message\": \"Service unavailable\", \"rc\": \"ServiceUnavailable\"}");
            case 2 -> new Answer(200, formsAnswer("g1:caption"));
            default -> new Answer(200, "{\"forms\": null, \"skipped\": {}}");
        };
        // The first submit meets a horde in trouble; the form is kept and submitted again.
        submitAnswers = body -> failedSubmits.getAndIncrement() == 0
                ? new Answer(502, "<html>bad gateway</html>") : new Answer(200, "{\"reward\": 1.0}");
        Running running = start("--forms", "caption");
        await("a delivered caption", () -> submits.size() >= 2);
        running.worker().stop();
        running.thread().join(10_000);
        assertEquals(2, submits.size());
        assertEquals(submits.get(0), submits.get(1));
        String log = running.log().toString();
        assertTrue(log.contains("horde unreachable"), log);
        assertTrue(log.contains("the horde answers again"), log);
    }

    @Test
    void aDuplicateOrUnknownFormEndsItsSubmissionAndABadSourceIsGivenBack() throws Exception {
        source = "this is not an image".getBytes();
        popAnswers = n -> n == 1 ? new Answer(200, formsAnswer("h1:caption", "h2:nsfw"))
                : new Answer(200, "{\"forms\": null, \"skipped\": {}}");
        submitAnswers = body -> new Answer(400,
                "{\"message\": \"Processing Generation with ID " + body.path("id").asText()
                        + " already submitted.\", \"rc\": \"DuplicateGen\"}");
        Running running = start("--forms", "caption,nsfw");
        await("two submits", () -> submits.size() >= 2);
        Thread.sleep(300); // a retry would come after 1 s back-off; none must
        running.worker().stop();
        running.thread().join(10_000);
        // An unreadable source cannot be analysed: both forms go back as faulted, once each.
        assertEquals(2, submits.size());
        assertTrue(submits.stream().allMatch(s -> s.path("state").asText().equals("faulted")));
    }

    @Test
    void aRefusedWorkerStopsWithExitCodeTwo() throws Exception {
        popAnswers = n -> new Answer(403, "{\"message\": \"Anonymous user is forbidden\", \"rc\": \"AnonForbiddenWorker\"}");
        Running running = start();
        running.thread().join(10_000);
        assertEquals(2, running.exitCode()[0]);
        assertEquals(1, pops.size());
        assertTrue(running.log().toString().contains("AnonForbiddenWorker"));
    }

    @Test
    void optionsOfTheInterrogationMode() {
        WorkerOptions o = WorkerOptions.parse("--type", "interrogation", "--api-key", "k", "--name", "a");
        assertTrue(o.interrogation());
        assertEquals(5, o.maxThreads());
        assertEquals(5, o.queueSize());
        assertEquals(80, o.maxTiles());
        assertEquals(SimulatedAnalyser.ALL_FORMS, o.forms());
        assertEquals(List.of("caption", "nsfw"),
                WorkerOptions.parse("--type", "interrogation", "--api-key", "k", "--name", "a", "--forms",
                        "caption,nsfw,caption").forms());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--type", "interrogation", "--api-key", "k", "--name", "a", "--forms", "caption,telepathy"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--type", "interrogation", "--api-key", "k", "--name", "a", "--models", "stable_diffusion"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--api-key", "k", "--name", "a", "--forms", "caption"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                "--type", "alchemy", "--api-key", "k", "--name", "a"));
        assertEquals("image", WorkerOptions.parse("--api-key", "k", "--name", "a").type());
    }
}
