package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the AI Horde's webhooks over the running horde: after each delivered image, text and interrogation form the
 * request's webhook receives the AI Horde's body; a receiver that fails is tried 3 times; a receiver that hangs does
 * not hold the worker's submit. The receivers are plain http servers in this JVM (the IT horde runs with
 * {@code HORDE_WEBHOOKS_ALLOW_HTTP=true}; a real horde posts to https only).
 */
class WebhookIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningHorde horde;
    private static HttpServer receiver;
    private static ExecutorService receiverThreads;
    /** Every body received, by the path it was posted to. */
    private static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();
    /** Held shut while a test wants its receiver to hang. */
    private static final CountDownLatch SLOW_RECEIVER = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", WebhookIT::receive);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.start();
    }

    @AfterAll
    static void stop() {
        SLOW_RECEIVER.countDown();
        receiver.stop(0);
        receiverThreads.shutdownNow();
        LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
    }

    /** {@code /ok/...} answers 200, {@code /fail/...} 500, {@code /slow/...} 200 once the test lets it. */
    private static void receive(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (InputStream in = exchange.getRequestBody()) {
            RECEIVED.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                    .add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        int status = path.startsWith("/fail/") ? 500 : 200;
        if (path.startsWith("/slow/")) {
            try {
                SLOW_RECEIVER.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String hook(String kind) {
        return "/" + kind + "/" + ImageRequests.unique("hook-");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static List<String> received(String path) {
        return RECEIVED.getOrDefault(path, List.of());
    }

    private static JsonPath awaitBody(String path) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !received(path).isEmpty());
        return JsonPath.from(received(path).get(0));
    }

    @Test
    void aDeliveredImageIsPostedWithTheAiHordesBody() {
        String requester = ImageRequests.richUser(horde, 200);
        String owner = ImageRequests.registeredUser();
        String path = hook("ok");
        String model = ImageRequests.unique("it-webhook-model-");
        String requestId = ImageRequests.async(requester,
                        ImageRequests.body(model, "", ", \"webhook\": \"" + url(path) + "\""))
                .statusCode(202).extract().jsonPath().getString("id");
        String worker = ImageRequests.unique("webhook-worker-");
        JsonPath job = ImageRequests.popJob(owner, worker, model, 1);
        double reward = ImageRequests.deliver(owner, job);

        JsonPath body = awaitBody(path);
        assertEquals(requestId, body.getString("request"));
        assertEquals(job.getString("id"), body.getString("id"));
        assertEquals(worker, body.getString("worker_name"));
        assertEquals(WorkerMatchingIT.workerId(worker), body.getString("worker_id"));
        assertEquals(model, body.getString("model"));
        assertEquals("1234", body.getString("seed"));
        assertEquals(false, body.getBoolean("censored"));
        assertEquals(List.of(), body.getList("gen_metadata"));
        assertEquals(reward, body.getDouble("kudos"), 0.01);
        assertArrayEquals(ImageRequests.png(), download(body.getString("img")), "img: the delivered image's URL");
        assertEquals(1, received(path).size(), "one delivery, one post");
    }

    @Test
    void aDeliveredTextIsPostedWithTheAiHordesBody() {
        String requester = ImageRequests.richUser(horde, 500);
        String owner = ImageRequests.registeredUser();
        String path = hook("ok");
        String model = ImageRequests.unique("it-webhook-text-") + "-13B";
        String requestId = given().header("apikey", requester).contentType(ContentType.JSON)
                .body("{\"prompt\":\"Tell me about lighthouses.\",\"params\":{\"n\":1,\"max_length\":32,"
                        + "\"max_context_length\":1024},\"models\":[\"" + model + "\"],\"webhook\":\"" + url(path)
                        + "\"}")
                .post("/api/v2/generate/text/async").then().statusCode(202).extract().jsonPath().getString("id");
        String worker = ImageRequests.unique("webhook-scribe-");
        JsonPath job = TextGenerationIT.popJob(owner, worker, model);
        String text = "Lighthouses guide ships home.";
        double reward = TextGenerationIT.submit(owner, job.getString("id"), text).statusCode(200).extract()
                .jsonPath().getDouble("reward");

        JsonPath body = awaitBody(path);
        assertEquals(requestId, body.getString("request"));
        assertEquals(job.getString("id"), body.getString("id"));
        assertEquals(text, body.getString("text"));
        assertEquals("ok", body.getString("state"));
        assertEquals(worker, body.getString("worker_name"));
        assertEquals(model, body.getString("model"));
        assertEquals(reward, body.getDouble("kudos"), 0.01);
        assertEquals(List.of(), body.getList("gen_metadata"));
    }

    @Test
    void aDeliveredInterrogationFormIsPostedWithTheAiHordesBody() throws Exception {
        String requester = WorkerMatchingIT.key(WorkerMatchingIT.createUser(1000, false, false));
        String owner = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, false));
        String path = hook("ok");
        // A post-processor nobody else asks for: its "R2" result must reach the receiver as a download URL.
        String form = "4xNomos2_hq_dat2";
        String id = given().header("apikey", requester).contentType(ContentType.JSON)
                .body(WorkerMatchingIT.json(Map.of("forms", List.of(Map.of("name", form)),
                        "source_image", WorkerMatchingIT.png(), "webhook", url(path))))
                .post("/api/v2/interrogate/async").then().statusCode(202).extract().jsonPath().getString("id");
        String worker = ImageRequests.unique("webhook-alchemist-");
        JsonPath popped = InterrogationIT.pop(owner, worker, List.of(form), 1).statusCode(200).extract().jsonPath();
        String formId = popped.getString("forms[0].id");
        // Submitted at once, uploaded afterwards: the IT horde gives a form back 3 s after its pop, and on a loaded
        // machine an upload first could outlast that (the upload URL stays valid either way).
        double reward = InterrogationIT.submit(owner, formId, Map.of(form, "R2"), "ok").statusCode(200).extract()
                .jsonPath().getDouble("reward");
        byte[] product = ImageRequests.png();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(popped.getString("forms[0].r2_upload")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(product)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        JsonPath body = awaitBody(path);
        assertEquals(form, body.getString("form"));
        assertEquals("done", body.getString("state"));
        assertEquals(id, body.getString("request"));
        assertEquals(formId, body.getString("id"));
        assertEquals(worker, body.getString("worker_name"));
        assertEquals(WorkerMatchingIT.workerId(worker), body.getString("worker_id"));
        assertEquals(reward, body.getDouble("kudos"), 0.01);
        assertArrayEquals(product, download(body.getString("result." + form)), "result: the product's URL");
    }

    @Test
    void aFailingReceiverIsTriedThreeTimes() {
        String requester = ImageRequests.richUser(horde, 200);
        String owner = ImageRequests.registeredUser();
        String path = hook("fail");
        String model = ImageRequests.unique("it-webhook-model-");
        ImageRequests.async(requester, ImageRequests.body(model, "", ", \"webhook\": \"" + url(path) + "\""))
                .statusCode(202);
        ImageRequests.deliver(owner, ImageRequests.popJob(owner, ImageRequests.unique("webhook-worker-"), model, 1));

        // The sender gives up after the third answer of 500: then the count is final.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> received(path).size() >= 3 && giveUps() >= 1);
        assertEquals(3, received(path).size(), "three attempts, no more");
        assertEquals(received(path).get(0), received(path).get(2), "every attempt posts the same body");
    }

    @Test
    void aHangingReceiverDoesNotHoldTheSubmit() {
        String requester = ImageRequests.richUser(horde, 200);
        String owner = ImageRequests.registeredUser();
        String path = hook("slow");
        String model = ImageRequests.unique("it-webhook-model-");
        ImageRequests.async(requester, ImageRequests.body(model, "", ", \"webhook\": \"" + url(path) + "\""))
                .statusCode(202);
        JsonPath job = ImageRequests.popJob(owner, ImageRequests.unique("webhook-worker-"), model, 1);
        long started = System.nanoTime();
        ImageRequests.deliver(owner, job);
        long submitMillis = (System.nanoTime() - started) / 1_000_000;
        // The receiver holds every post until the latch opens, which happens only below: had the submit waited for
        // the webhook, it would have returned only after all three attempts timed out.
        int attemptsWhenSubmitReturned = received(path).size();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !received(path).isEmpty());
        SLOW_RECEIVER.countDown();
        System.out.printf("WebhookIT: upload + submit with a hanging receiver took %d ms (%d attempts had arrived)%n",
                submitMillis, attemptsWhenSubmitReturned);
        assertTrue(attemptsWhenSubmitReturned < 3, "the submit answered before the sender was done");
    }

    private static long giveUps() {
        String metrics = given().baseUri(horde.serviceUrl(1)).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        return metrics.lines().filter(line -> line.startsWith("horde_webhooks_deliveries_total")
                        && line.contains("outcome=\"giveup\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static byte[] download(String url) {
        assertTrue(url != null && url.startsWith("http"), "a URL: " + url);
        try {
            HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            return get.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
