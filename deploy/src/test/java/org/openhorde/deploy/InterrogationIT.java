package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins interrogation ("alchemy") over the running horde: intake, a worker popping several forms at once, results
 * landing one by one, kudos moved once (ledger audit), each form handed out once to concurrent workers, give-back and
 * fault, expiry to 404, cancel with settlement, worker names unique across types, and the 429 on concurrency.
 * Each test asks for form names of its own, so that no test's worker takes another test's forms.
 */
class InterrogationIT {

    @BeforeAll
    static void startHorde() {
        RestAssured.baseURI = RunningHorde.get().gatewayUrl();
    }

    private static JsonPath user(int kudos, boolean trusted) {
        return WorkerMatchingIT.createUser(kudos, trusted, false);
    }

    private static String key(JsonPath user) {
        return WorkerMatchingIT.key(user);
    }

    static ValidatableResponse interrogate(String apikey, List<String> forms) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forms", forms.stream().map(name -> Map.of("name", name)).toList());
        body.put("source_image", WorkerMatchingIT.png());
        body.put("slow_workers", false);
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(WorkerMatchingIT.json(body))
                .post("/api/v2/interrogate/async").then();
    }

    static String accepted(String apikey, List<String> forms) {
        return interrogate(apikey, forms).statusCode(202).extract().jsonPath().getString("id");
    }

    static ValidatableResponse pop(String apikey, String worker, List<String> forms, int amount) {
        return given().header("apikey", apikey).contentType(ContentType.JSON)
                .body(WorkerMatchingIT.json(Map.of("name", worker, "forms", forms, "amount", amount,
                        "max_tiles", 16, "threads", 2, "bridge_agent", "InterrogationIT:1:test")))
                .post("/api/v2/interrogate/pop").then();
    }

    static ValidatableResponse submit(String apikey, String formId, Map<String, Object> result, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", formId);
        body.put("result", result);
        body.put("state", state);
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(WorkerMatchingIT.json(body))
                .post("/api/v2/interrogate/submit").then();
    }

    static JsonPath status(String id) {
        return given().get("/api/v2/interrogate/status/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    private static String unique(String prefix) {
        return WorkerMatchingIT.unique(prefix);
    }

    @Test
    void threeFormsArePoppedAtOnceAnsweredOneByOneAndPaidOnce() {
        String requester = key(user(100, false));
        String owner = key(user(0, false));
        String id = accepted(requester, List.of("caption", "nsfw", "interrogation", "caption"));

        JsonPath waiting = status(id);
        assertEquals("waiting", waiting.getString("state"));
        assertEquals(List.of("caption", "nsfw", "interrogation"), waiting.getList("forms.form"));
        assertEquals(List.of("waiting", "waiting", "waiting"), waiting.getList("forms.state"));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/v2/status/performance").then().statusCode(200).extract().jsonPath()
                        .getInt("queued_forms") >= 3);
        String worker = unique("alchemist-");
        JsonPath popped = pop(owner, worker, List.of("caption", "nsfw", "interrogation"), 3).statusCode(200)
                .body("forms", hasSize(3)).extract().jsonPath();
        Map<String, String> formIds = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            formIds.put(popped.getString("forms[" + i + "].form"), popped.getString("forms[" + i + "].id"));
            assertNull(popped.get("forms[" + i + "].r2_upload"));
        }
        // The worker fetches the source itself, from a presigned URL.
        given().urlEncodingEnabled(false).get(popped.getString("forms[0].source_image")).then().statusCode(200);
        assertEquals("processing", status(id).getString("state"));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/v2/status/performance").then().statusCode(200).extract().jsonPath()
                        .getInt("interrogator_count") >= 1);

        submit(owner, formIds.get("caption"), Map.of("caption", "a dark square with a green dot"), "ok")
                .statusCode(200).body("reward", equalTo(1.0f));
        JsonPath partly = status(id);
        assertEquals("processing", partly.getString("state"));
        assertEquals("done", partly.getString("forms.find { it.form == 'caption' }.state"));
        assertEquals("a dark square with a green dot",
                partly.getString("forms.find { it.form == 'caption' }.result.caption"));
        assertNull(partly.get("forms.find { it.form == 'nsfw' }.result"));

        submit(owner, formIds.get("nsfw"), Map.of("nsfw", false), "ok").statusCode(200)
                .body("reward", equalTo(1.0f));
        submit(owner, formIds.get("interrogation"), Map.of("interrogation", Map.of("tags",
                List.of(Map.of("text", "square", "confidence", 0.93)))), "ok").statusCode(200)
                .body("reward", equalTo(3.0f));
        JsonPath done = status(id);
        assertEquals("done", done.getString("state"));
        assertEquals(false, done.getBoolean("forms.find { it.form == 'nsfw' }.result.nsfw"));
        assertEquals("square",
                done.getString("forms.find { it.form == 'interrogation' }.result.interrogation.tags[0].text"));

        // A second delivery, an unknown form, another user's key.
        submit(owner, formIds.get("caption"), Map.of("caption", "again"), "ok").statusCode(400)
                .body("rc", equalTo("DuplicateGen"));
        submit(owner, UUID.randomUUID().toString(), Map.of("caption", "?"), "ok").statusCode(404)
                .body("rc", equalTo("InvalidJobID"));
        submit(key(user(0, false)), formIds.get("nsfw"), Map.of("nsfw", true), "ok").statusCode(403)
                .body("rc", equalTo("WrongCredentials"));

        // requester: (1 + 1) + (1 + 1) + (3 + 1) with slow_workers off; the untrusted owner: half of 5, half escrowed
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> kudosOf(requester) == 92.0 && kudosOf(owner) == 2.5);
        LedgerAuditor.assertSettledLedgerHolds(RunningHorde.get().serviceUrl(2));
        assertEquals(92.0, kudosOf(requester));

        // The worker is an interrogation worker in the registry; its name is taken for image workers.
        given().get("/api/v2/workers?type=interrogation").then().statusCode(200)
                .body("name", hasItem(worker));
        given().get("/api/v2/workers/name/" + worker).then().statusCode(200).body("type", equalTo("interrogation"));
        WorkerMatchingIT.pop(owner, WorkerMatchingIT.popBody(worker, unique("m-"), Map.of())).statusCode(400)
                .body("rc", equalTo("PolymorphicNameConflict"));
        String imageWorker = unique("dreamer-");
        WorkerMatchingIT.pop(owner, WorkerMatchingIT.popBody(imageWorker, unique("m-"), Map.of())).statusCode(200);
        pop(owner, imageWorker, List.of("caption"), 1).statusCode(400).body("rc", equalTo("PolymorphicNameConflict"));
    }

    /**
     * A post-processor form: the worker gets an upload URL with its form, PUTs the image it made there, submits
     * {@code "R2"}; the client's status carries a presigned URL that downloads exactly those bytes. A pop that finds
     * nothing afterwards answers the AI Horde's {@code skipped}. The gateway signs the pop's and the status's URLs
     * itself (decision 0046): from the pop to the status, storage-service answers no request at all.
     */
    @Test
    void aPostProcessorsImageIsUploadedAndDownloadedThroughPresignedUrls() throws Exception {
        String requester = key(user(30, false));
        String owner = key(user(0, false));
        String id = accepted(requester, List.of("strip_background"));
        String worker = unique("cutter-");
        HttpClient metrics = HttpClient.newHttpClient();
        Map<String, Long> storageBefore = storageRequests(metrics);
        JsonPath popped = pop(owner, worker, List.of("strip_background"), 1).statusCode(200)
                .body("forms", hasSize(1)).body("forms[0].form", equalTo("strip_background")).extract().jsonPath();
        String uploadUrl = popped.getString("forms[0].r2_upload");
        assertTrue(uploadUrl != null && uploadUrl.startsWith("http"), "an upload URL: " + uploadUrl);

        BufferedImage cut = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        cut.setRGB(3, 3, 0xff33aa55);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(cut, "png", png);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(uploadUrl))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        // 1 tile: 3 kudos.
        submit(owner, popped.getString("forms[0].id"), Map.of("strip_background", "R2"), "ok").statusCode(200)
                .body("reward", equalTo(3.0f));

        JsonPath done = status(id);
        assertEquals("done", done.getString("state"));
        String downloadUrl = done.getString("forms[0].result.strip_background");
        assertTrue(downloadUrl.startsWith("http"), "a presigned URL instead of R2: " + downloadUrl);
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(downloadUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        assertArrayEquals(png.toByteArray(), get.body(), "the very bytes the worker uploaded");
        Map<String, Long> storageAfter = storageRequests(metrics);
        Map<String, Long> served = new java.util.TreeMap<>();
        storageAfter.forEach((series, count) -> {
            long more = count - storageBefore.getOrDefault(series, 0L);
            if (more != 0) {
                served.put(series, more);
            }
        });
        System.out.printf("InterrogationIT: storage-service requests from the pop to the status: %s%n", served);
        assertTrue(served.isEmpty(), "the pop, the upload, the submit and the status reached storage-service: "
                + served);

        // Nothing left for this worker: the AI Horde's skipped, its own keys always present.
        pop(owner, worker, List.of("strip_background"), 1).statusCode(200)
                .body("forms", hasSize(0))
                .body("skipped.worker_id", equalTo(0))
                .body("skipped.untrusted", equalTo(0))
                .body("skipped.bridge_version", equalTo(0));
    }

    @Test
    void concurrentWorkersGetEachFormOnce() throws Exception {
        String requester = key(user(50, false));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            expected.add(accepted(requester, List.of("describe")));
        }
        String owner = key(user(0, false));
        List<String> handedOut = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String name = unique("concurrent-");
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        handedOut.addAll(pop(owner, name, List.of("describe"), 3).statusCode(200).extract()
                                .jsonPath().getList("forms.id", String.class));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, handedOut.size(), "each of the 8 forms handed out once: " + handedOut);
        assertEquals(8, new HashSet<>(handedOut).size(), "no form twice: " + handedOut);
        for (String id : expected) {
            assertEquals("processing", status(id).getString("state"));
        }
    }

    @Test
    void aFormNotDeliveredGoesBackAndFaultsOnTheFourthAbort() {
        String requester = key(user(20, false));
        String owner = key(user(0, false));
        String id = accepted(requester, List.of("palette"));
        String worker = unique("slow-");
        String formId = pop(owner, worker, List.of("palette"), 1).statusCode(200).body("forms", hasSize(1))
                .extract().jsonPath().getString("forms[0].id");
        // Not delivered within the (shrunk) give-back time: back in the queue, for anyone.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> "waiting".equals(status(id).getString("state")));
        for (int abort = 2; abort <= 4; abort++) {
            assertEquals(formId, pop(owner, worker, List.of("palette"), 1).statusCode(200).extract().jsonPath()
                    .getString("forms[0].id"));
            submit(owner, formId, null, "faulted").statusCode(200).body("reward", equalTo(0.0f));
            assertEquals(abort < 4 ? "waiting" : "faulted", status(id).getString("state"), "after abort " + abort);
        }
        given().get("/api/v2/interrogate/status/" + id).then().statusCode(200)
                .body("forms[0].state", equalTo("faulted")).body("forms[0].result", nullValue());
        assertEquals(20.0, kudosOf(requester));
    }

    @Test
    void anUntouchedInterrogationExpiresToNotFound() {
        String id = accepted(key(user(10, false)), List.of("aesthetic"));
        assertEquals("waiting", status(id).getString("state"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().get("/api/v2/interrogate/status/" + id).then().extract().statusCode() == 404);
        given().get("/api/v2/interrogate/status/" + id).then().statusCode(404).body("rc", equalTo("RequestNotFound"));
        given().get("/api/v2/interrogate/status/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().get("/api/v2/interrogate/status/not-an-id").then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().delete("/api/v2/interrogate/status/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
    }

    @Test
    void cancelSettlesTheProcessingFormAndReleasesTheWaitingOne() {
        String requester = key(user(30, false));
        String owner = key(user(0, false));
        String id = accepted(requester, List.of("vectorize", "strip_background"));
        String formId = pop(owner, unique("cancelled-"), List.of("vectorize"), 2).statusCode(200)
                .body("forms", hasSize(1)).extract().jsonPath().getString("forms[0].id");

        JsonPath cancelled = given().delete("/api/v2/interrogate/status/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("cancelled", "cancelled"), cancelled.getList("forms.state"));
        assertEquals("partial", cancelled.getString("state"));
        submit(owner, formId, Map.of("vectorize", "x"), "ok").statusCode(400).body("rc", equalTo("DuplicateGen"));

        // The worker did the work: the requester pays the vectorize form (1 + 1 tax), the owner earns half of 1.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> kudosOf(requester) == 28.0 && kudosOf(owner) == 0.5);
        LedgerAuditor.assertSettledLedgerHolds(RunningHorde.get().serviceUrl(2));
    }

    @Test
    void inputIsCheckedAndConcurrencyIsCapped() {
        String requester = key(user(10, false));
        given().header("apikey", requester).contentType(ContentType.JSON)
                .body("{\"forms\":[{\"name\":\"telepathy\"}],\"source_image\":\"" + WorkerMatchingIT.png() + "\"}")
                .post("/api/v2/interrogate/async").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().header("apikey", requester).contentType(ContentType.JSON).body("{\"forms\":[{\"name\":\"caption\"}]}")
                .post("/api/v2/interrogate/async").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().header("apikey", requester).contentType(ContentType.JSON)
                .body("{\"forms\":[{\"name\":\"caption\"}],\"source_image\":\"bm90IGFuIGltYWdl\"}")
                .post("/api/v2/interrogate/async").then().statusCode(400);
        interrogate("not-a-key-at-all", List.of("caption")).statusCode(401).body("rc", equalTo("InvalidAPIKey"));

        // One concurrency slot per form: 30 for a registered user.
        List<String> many = List.of("GFPGAN", "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B",
                "NMKD_Siax", "4x_AnimeSharp", "CodeFormers", "4xNomos8kSC", "4xLSDIRplus",
                "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2",
                "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer");
        String first = accepted(requester, many);
        accepted(requester, many);
        interrogate(requester, many).statusCode(429).body("rc", equalTo("TooManyPrompts"));
        // Cancelled interrogations give their slots back once their status shows them finished.
        given().delete("/api/v2/interrogate/status/" + first).then().statusCode(200);
        accepted(requester, List.of("GFPGAN"));
    }

    /**
     * storage-service's HTTP server request counts so far, by series (method, URI, status), its own /q endpoints
     * left out: what the gateway asked of it.
     */
    private static Map<String, Long> storageRequests(HttpClient http) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(RunningHorde.get().serviceUrl(5) + "/q/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "no HTTP metrics: is it up?\n" + metrics);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count") && !line.contains("uri=\"/q/")) {
                counts.put(line.substring(0, line.lastIndexOf(' ')),
                        Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
            }
        }
        return counts;
    }
}
