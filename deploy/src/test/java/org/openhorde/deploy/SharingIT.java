package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared dataset over the packaged services: presigned and inline delivery, every sharing rule of the seed
 * (explicit shared, anonymous forced, img2img and inpainting never), the sidecar, the tax each rule costs in the
 * ledger, the researchers' manifest, retention of transient objects (never shared ones), and source URLs that
 * point into the horde's own network refused with a 400.
 */
class SharingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANONYMOUS = "0000000000";
    private static final String SHARED = RunningHorde.ENV + "-shared";
    private static final String GENERATIONS = RunningHorde.ENV + "-generations";
    private static final String SOURCES = RunningHorde.ENV + "-sources";

    private static RunningHorde horde;
    private static MinioClient s3;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        s3 = MinioClient.builder().endpoint(RunningHorde.S3).credentials("minioadmin", "minioadmin")
                .region("us-east-1").build();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createUser(int kudos) {
        return given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("sharer") + "\",\"kudos\":" + kudos + "}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static String registerOwner() {
        return given().contentType(ContentType.JSON).body("{\"username\":\"" + unique("owner") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    /**
     * Settlement follows the completion event; the requester's balance then is exactly what this image cost. (The
     * worker's owner is not checked: an untrusted owner's reward is partly held in escrow.)
     */
    private static void awaitBalance(String apikey, double expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(expected, kudosOf(apikey), 0.001));
    }

    private static byte[] png(int seed) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(seed & 63, 7, 0xff8800 + seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** POST /generate/async with {@code extra} JSON members; returns the response for the caller to check. */
    private static io.restassured.response.ValidatableResponse async(String apikey, String prompt, String extra) {
        String body = """
                {"prompt": "%s", "params": {"width": 512, "height": 512, "steps": 20, "seed": "99"},
                 "models": ["%s"], "nsfw": false, "censor_nsfw": false %s}
                """.formatted(prompt, model(prompt), extra.isEmpty() ? "" : ", " + extra);
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(body)
                .post("/api/v2/generate/async").then();
    }

    /** A model name only this request uses, so no other test's worker takes it and this test's worker takes only it. */
    private static String model(String prompt) {
        return prompt.replaceAll("\\W", "_");
    }

    private static JsonPath pop(String ownerKey, String model) {
        String body = """
                {"name": "%s", "models": ["%s"], "max_pixels": 1048576, "nsfw": true, "allow_img2img": true,
                 "allow_painting": true,
                 "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen"}
                """.formatted(unique("sharing-worker-"), model);
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> given().header("apikey", ownerKey).contentType(ContentType.JSON).body(body)
                        .post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath(),
                job -> job.getString("id") != null);
    }

    private static void submit(String ownerKey, String jobId, String generation) {
        given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"id\":\"" + jobId + "\",\"generation\":\"" + generation + "\",\"state\":\"ok\",\"seed\":99}")
                .post("/api/v2/generate/submit").then().statusCode(200);
    }

    private static void upload(String url, byte[] image) throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        return get.body();
    }

    private static JsonPath awaitDone(String requestId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v2/generate/check/" + requestId).then().statusCode(200).body("done", equalTo(true)));
        return given().get("/api/v2/generate/status/" + requestId).then().statusCode(200).extract().jsonPath();
    }

    private static Optional<byte[]> object(String bucket, String key) throws Exception {
        try (GetObjectResponse object = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(object.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The shared copy appears once storage-service consumed the completion; returns it. */
    private static byte[] awaitShared(String jobId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> object(SHARED, jobId + ".webp"), Optional::isPresent).get();
    }

    private static JsonNode sidecar(String jobId) throws Exception {
        return JSON.readTree(new String(object(SHARED, jobId + ".json").orElseThrow(), StandardCharsets.UTF_8));
    }

    /** The completion was handled by storage-service (the image is recorded), so absence in S3 is final. */
    private static void awaitRecorded(String jobId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get(horde.serviceUrl(5) + "/internal/generations/" + jobId).then().statusCode(200)
                        .body("state", equalTo("STORED")));
    }

    @Test
    void aSharedRequestIsUploadedCopiedWithItsSidecarListedAndTaxedOneKudo() throws Exception {
        String requester = createUser(1000);
        String owner = registerOwner();
        String prompt = unique("shared lighthouse ") + " ### blurry";
        JsonPath accepted = async(requester, prompt, "\"shared\": true")
                .statusCode(202).extract().jsonPath();
        double price = accepted.getDouble("kudos");
        String requestId = accepted.getString("id");

        JsonPath job = pop(owner, model(prompt));
        String jobId = job.getString("id");
        byte[] image = png(1);
        upload(job.getString("r2_upload"), image);
        submit(owner, jobId, "R2");

        JsonPath status = awaitDone(requestId);
        assertTrue(status.getBoolean("shared"));
        assertArrayEquals(image, download(status.getString("generations[0].img")));
        assertArrayEquals(image, awaitShared(jobId));

        JsonNode sidecar = sidecar(jobId);
        assertEquals(prompt.substring(0, prompt.indexOf(" ###")), sidecar.path("prompt").asText());
        assertEquals("blurry", sidecar.path("negative_prompt").asText());
        assertEquals(512, sidecar.path("width").asInt());
        assertEquals(512, sidecar.path("height").asInt());
        assertEquals(20, sidecar.path("steps").asInt());
        assertEquals("k_euler_a", sidecar.path("sampler").asText());
        assertEquals(5.0, sidecar.path("cfg").asDouble());
        assertTrue(sidecar.path("karras").asBoolean());
        assertEquals(model(prompt), sidecar.path("model").asText());
        assertEquals("99", sidecar.path("seed").asText());
        assertEquals(requestId, sidecar.path("request_id").asText());
        assertEquals("pseudonymous", sidecar.path("user_type").asText());
        assertEquals(0, sidecar.path("images_requested").asLong(), "the user's first request");
        assertFalse(sidecar.path("censored").asBoolean());
        assertNotNull(sidecar.path("created_at").textValue());

        // Shared: price + 1 kudo of tax.
        awaitBalance(requester, 1000.0 - price - 1.0);

        // The researchers' manifest lists it (exported every 2 s here), with its keys.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> manifestLists(jobId));
    }

    private static boolean manifestLists(String jobId) throws Exception {
        Optional<byte[]> index = object(SHARED, "manifest/index.json");
        if (index.isEmpty()) {
            return false;
        }
        for (JsonNode part : JSON.readTree(index.get()).path("parts")) {
            String jsonl = new String(object(SHARED, part.path("jsonl").asText()).orElseThrow(), StandardCharsets.UTF_8);
            for (String line : jsonl.split("\n")) {
                JsonNode row = JSON.readTree(line);
                if (jobId.equals(row.path("id").asText())) {
                    assertEquals(jobId + ".webp", row.path("image_key").asText());
                    assertEquals(jobId + ".json", row.path("sidecar_key").asText());
                    assertTrue(object(SHARED, part.path("parquet").asText()).isPresent());
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void anUnsharedRequestIsSubmittedInlinePaysThreeAndComesBackAsBase64() throws Exception {
        String requester = createUser(1000);
        String owner = registerOwner();
        String prompt = unique("private garden ");
        JsonPath accepted = async(requester, prompt, "\"shared\": false, \"r2\": false")
                .statusCode(202).extract().jsonPath();
        double price = accepted.getDouble("kudos");

        JsonPath job = pop(owner, model(prompt));
        String jobId = job.getString("id");
        byte[] image = png(2);
        submit(owner, jobId, Base64.getEncoder().encodeToString(image));

        JsonPath status = awaitDone(accepted.getString("id"));
        assertFalse(status.getBoolean("shared"));
        assertArrayEquals(image, Base64.getDecoder().decode(status.getString("generations[0].img")),
                "r2: false returns the image itself");
        awaitRecorded(jobId);
        assertTrue(object(SHARED, jobId + ".webp").isEmpty());

        // Not shared: price + 3 kudos of tax.
        awaitBalance(requester, 1000.0 - price - 3.0);
    }

    @Test
    void anonymousRequestsAreAlwaysShared() throws Exception {
        String owner = registerOwner();
        String prompt = unique("anonymous meadow ");
        String requestId = async(ANONYMOUS, prompt, "\"shared\": false")
                .statusCode(202).extract().jsonPath().getString("id");

        JsonPath job = pop(owner, model(prompt));
        submit(owner, job.getString("id"), Base64.getEncoder().encodeToString(png(3)));

        assertTrue(awaitDone(requestId).getBoolean("shared"));
        awaitShared(job.getString("id"));
        assertEquals("anonymous", sidecar(job.getString("id")).path("user_type").asText());
    }

    @Test
    void img2imgAndInpaintingAreNeverSharedEvenWhenAskedAndWorkersGetTheirSources() throws Exception {
        for (String processing : new String[] {"img2img", "inpainting"}) {
            String requester = createUser(1000);
            String owner = registerOwner();
            String prompt = unique(processing + " portrait ");
            byte[] source = png(4);
            byte[] mask = png(5);
            String sources = "\"source_image\": \"" + Base64.getEncoder().encodeToString(source) + "\""
                    + ("inpainting".equals(processing)
                    ? ", \"source_mask\": \"" + Base64.getEncoder().encodeToString(mask) + "\"" : "");
            JsonPath accepted = async(requester, prompt, "\"shared\": true, \"source_processing\": \"" + processing
                    + "\", " + sources + "")
                    .statusCode(202).extract().jsonPath();
            double price = accepted.getDouble("kudos");
            String requestId = accepted.getString("id");

            JsonPath job = pop(owner, model(prompt));
            assertEquals(processing, job.getString("source_processing"));
            assertArrayEquals(source, download(job.getString("source_image")));
            if ("inpainting".equals(processing)) {
                assertArrayEquals(mask, download(job.getString("source_mask")));
            }
            String jobId = job.getString("id");
            upload(job.getString("r2_upload"), png(6));
            submit(owner, jobId, "R2");

            assertFalse(awaitDone(requestId).getBoolean("shared"), processing + " is never shared");
            awaitRecorded(jobId);
            assertTrue(object(SHARED, jobId + ".webp").isEmpty(), processing);
            assertTrue(object(SHARED, jobId + ".json").isEmpty(), processing);
            // Not shared: the full tax of 3 on top of the (img2img) price.
            awaitBalance(requester, 1000.0 - price - 3.0);
        }
    }

    @Test
    void retentionDeletesTransientObjectsButNeverSharedOnes() throws Exception {
        String owner = registerOwner();
        String requester = createUser(1000);
        // A shared text-to-image request and an img2img request: a generation, its shared copy, and a source.
        String sharedPrompt = unique("kept forever ");
        String sharedRequest = async(requester, sharedPrompt, "\"shared\": true")
                .statusCode(202).extract().jsonPath().getString("id");
        String sharedJob = pop(owner, model(sharedPrompt)).getString("id");
        submit(owner, sharedJob, Base64.getEncoder().encodeToString(png(7)));
        String img2imgPrompt = unique("transient source ");
        String img2imgRequest = async(requester, img2imgPrompt, "\"source_image\": \""
                + Base64.getEncoder().encodeToString(png(8)) + "\"")
                .statusCode(202).extract().jsonPath().getString("id");
        String img2imgJob = pop(owner, model(img2imgPrompt)).getString("id");
        submit(owner, img2imgJob, Base64.getEncoder().encodeToString(png(9)));
        awaitDone(sharedRequest);
        awaitDone(img2imgRequest);
        awaitShared(sharedJob);
        assertTrue(object(SOURCES, img2imgRequest + "_src.webp").isPresent());

        // The IT horde keeps transient objects 30 s after their last activity and sweeps every 2 s.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                object(GENERATIONS, sharedJob + ".webp").isEmpty() && object(GENERATIONS, img2imgJob + ".webp").isEmpty()
                        && object(SOURCES, img2imgRequest + "_src.webp").isEmpty());
        assertTrue(object(SHARED, sharedJob + ".webp").isPresent(), "the shared copy is permanent");
        assertTrue(object(SHARED, sharedJob + ".json").isPresent(), "so is its sidecar");
        // What storage recorded of the deleted image is still answered, never with a 500.
        given().get(horde.serviceUrl(5) + "/internal/generations/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("ThingNotFound"));
    }

    @Test
    void sourceUrlsIntoTheHordesOwnNetworkAreRefused() {
        String requester = createUser(100);
        for (String url : new String[] {"http://127.0.0.1:" + (RunningHorde.PORT_BASE + 5) + "/q/health",
                "https://169.254.169.254/latest/meta-data/iam/", "https://10.0.0.1/a.png",
                "https://localhost:" + (RunningHorde.PORT_BASE + 5) + "/q/health", "https://[::1]/a.png"}) {
            async(requester, unique("ssrf "), "\"source_image\": \"" + url + "\"").statusCode(400)
                    .body("rc", equalTo("SourceImageUrlInvalid"))
                    .body("message", startsWith("The URL in source_image "));
        }
        // An oversized base64 source (the AI Horde's 5 MB limit) is refused as well, and nothing was queued.
        String huge = Base64.getEncoder().encodeToString(new byte[5 * 1024 * 1024 + 1]);
        async(requester, unique("huge "), "\"source_image\": \"" + huge + "\"").statusCode(400)
                .body("rc", equalTo("SourceImageSizeExceeded"));
    }
}
