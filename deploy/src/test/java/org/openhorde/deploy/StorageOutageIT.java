package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Object storage goes down under a running horde and comes back: while it is down, submits that need it (an inline
 * image, a source image) fail with a retryable 503 and nothing is marked done or queued; deliveries that did reach
 * the store wait in storage-service's consumer; once it is back, every flow completes and no image or event is lost.
 *
 * <p>Stopping S3 must not disturb the S3Proxy every other test shares, so this test runs a horde of its own
 * (environment {@code s3out}, topics {@code s3out.*}, ports 1838x) with its own S3Proxy on port 19300, which
 * {@code ./horde} starts from Maven because nothing answers there, and stops it by its PID file. Overridable:
 * {@code -Dhorde.s3out.env}, {@code -Dhorde.s3out.port-base}, {@code -Dhorde.s3out.s3-port}.
 */
class StorageOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HordeLauncher horde;
    private static String gateway;

    @BeforeAll
    static void startOwnHorde() {
        // No interrogation here: one JVM fewer to start.
        horde = HordeLauncher.named("s3out", 18380).ownS3(19300)
                .services("kudos-service", "job-service", "storage-service", "gateway").start();
        gateway = horde.gatewayUrl();
    }

    @AfterAll
    static void stopOwnHorde() {
        if (horde != null) {
            horde.close();
        }
    }

    private static String operatorKey() {
        return horde.operatorKey();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createUser() throws IOException {
        return given().baseUri(gateway).header("apikey", operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("outage") + "\",\"kudos\":1000}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static String registerOwner() {
        return given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("owner") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static double kudosOf(String apikey) {
        return given().baseUri(gateway).header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    private static byte[] png(int seed) throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        image.setRGB(seed & 31, 3, 0x336699 + seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String asyncBody(String model, String extra) {
        return """
                {"prompt": "an outage %s", "params": {"width": 512, "height": 512, "steps": 10},
                 "models": ["%s"] %s}
                """.formatted(model, model, extra);
    }

    /** Returns the 202 answer: the request id and the price of its image. */
    private static JsonPath requestImage(String requester, String model) {
        return given().baseUri(gateway).header("apikey", requester).contentType(ContentType.JSON)
                .body(asyncBody(model, "")).post("/api/v2/generate/async")
                .then().statusCode(202).extract().jsonPath();
    }

    private static String popBody(String model) {
        return """
                {"name": "%s", "models": ["%s"], "max_pixels": 1048576,
                 "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen"}
                """.formatted(unique("outage-worker-"), model);
    }

    private static JsonPath pop(String owner, String model) {
        // One worker polls until the job is there (a new name per attempt would be a new worker each time, and an
        // untrusted owner may run only a few).
        String body = popBody(model);
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> given().baseUri(gateway).header("apikey", owner).contentType(ContentType.JSON)
                        .body(body).post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath(),
                job -> job.getString("id") != null);
    }

    private static io.restassured.response.ValidatableResponse submit(String owner, String jobId, String generation) {
        return given().baseUri(gateway).header("apikey", owner).contentType(ContentType.JSON)
                .body("{\"id\":\"" + jobId + "\",\"generation\":\"" + generation + "\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then();
    }

    private static JsonPath check(String requestId) {
        return given().baseUri(gateway).get("/api/v2/generate/check/" + requestId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static boolean s3Answers() {
        URI s3 = URI.create(horde.s3());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(s3.getHost(), s3.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops this test's own S3Proxy by the PID ./horde recorded for it. */
    private static void stopS3() {
        horde.stop("s3proxy");
        await().atMost(Duration.ofSeconds(30)).until(() -> !s3Answers());
    }

    @Test
    void whileStorageIsDownSubmitsFailRetryablyAndAfterwardsNothingIsLost() throws Exception {
        String requester = createUser();
        String owner = registerOwner();
        // Two requests popped while the store is up: one will be delivered through its presigned URL (the bytes
        // reach the store before it goes down), one inline (which needs the store at submit time).
        String uploadedModel = unique("outage_uploaded_");
        String inlineModel = unique("outage_inline_");
        JsonPath uploadedAccepted = requestImage(requester, uploadedModel);
        JsonPath inlineAccepted = requestImage(requester, inlineModel);
        String uploadedRequest = uploadedAccepted.getString("id");
        String inlineRequest = inlineAccepted.getString("id");
        double prices = uploadedAccepted.getDouble("kudos") + inlineAccepted.getDouble("kudos");
        JsonPath uploadedJob = pop(owner, uploadedModel);
        JsonPath inlineJob = pop(owner, inlineModel);
        byte[] uploadedImage = png(1);
        byte[] inlineImage = png(2);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(uploadedJob.getString("r2_upload")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(uploadedImage)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        try (EventTap stored = new EventTap(horde, "horde.images.stored")) {
            stopS3();

            // An inline image cannot be stored: 503, retryable, and the job is not done.
            String inlineBase64 = Base64.getEncoder().encodeToString(inlineImage);
            submit(owner, inlineJob.getString("id"), inlineBase64).statusCode(503)
                    .body("rc", equalTo("ServiceUnavailable"));
            JsonPath inlineCheck = check(inlineRequest);
            assertEquals(false, inlineCheck.getBoolean("done"));
            assertEquals(0, inlineCheck.getInt("finished"));

            // A request with a source image cannot be accepted: 503, and nothing was queued for any worker.
            String sourceModel = unique("outage_source_");
            given().baseUri(gateway).header("apikey", requester).contentType(ContentType.JSON)
                    .body(asyncBody(sourceModel, ", \"source_image\": \""
                            + Base64.getEncoder().encodeToString(png(3)) + "\""))
                    .post("/api/v2/generate/async").then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
            assertNull(given().baseUri(gateway).header("apikey", owner).contentType(ContentType.JSON)
                    .body(popBody(sourceModel)).post("/api/v2/generate/pop").then().statusCode(200)
                    .extract().jsonPath().getString("id"), "no request was queued");

            // The uploaded image's submit needs no store: the job completes, and storage-service's consumer keeps
            // retrying its verification until the store answers (no ImageStored yet, and no MISSING either).
            submit(owner, uploadedJob.getString("id"), "R2").statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> check(uploadedRequest).getBoolean("done"));
            List<JsonNode> early = stored.await(e -> uploadedJob.getString("id").equals(e.path("jobId").asText()), 1,
                    Duration.ofSeconds(3));
            assertEquals(List.of(), early, "nothing is announced while the store cannot be asked");
            given().get(horde.serviceUrl(5) + "/internal/generations/" + uploadedJob.getString("id"))
                    .then().statusCode(404).body("rc", equalTo("ThingNotFound"));

            // The store comes back.
            horde.start("s3proxy");
            await().atMost(Duration.ofSeconds(60)).until(StorageOutageIT::s3Answers);

            // The worker retries its inline submit, as workers do after a 503, and it goes through.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    submit(owner, inlineJob.getString("id"), inlineBase64).extract().statusCode() == 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> check(inlineRequest).getBoolean("done"));

            // Both images are announced exactly once, and they are the bytes the worker delivered.
            Set<String> jobs = Set.of(uploadedJob.getString("id"), inlineJob.getString("id"));
            List<JsonNode> announced = stored.await(e -> jobs.contains(e.path("jobId").asText()), 2,
                    Duration.ofSeconds(60));
            assertEquals(jobs, new HashSet<>(announced.stream().map(e -> e.path("jobId").asText()).toList()));
            assertEquals(2, announced.size());
            for (String request : List.of(uploadedRequest, inlineRequest)) {
                JsonPath status = given().baseUri(gateway).get("/api/v2/generate/status/" + request).then()
                        .statusCode(200).extract().jsonPath();
                byte[] expected = request.equals(uploadedRequest) ? uploadedImage : inlineImage;
                HttpResponse<byte[]> image = HTTP.send(HttpRequest.newBuilder(
                                URI.create(status.getString("generations[0].img"))).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertArrayEquals(expected, image.body());
            }
        }

        // Kudos moved for both images, once each: the requester paid both prices plus the tax of 3 each.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(1000.0 - prices - 2 * 3.0, kudosOf(requester), 0.001));

        // And a source image is accepted again.
        given().baseUri(gateway).header("apikey", requester).contentType(ContentType.JSON)
                .body(asyncBody(unique("outage_after_"), ", \"source_image\": \""
                        + Base64.getEncoder().encodeToString(png(4)) + "\""))
                .post("/api/v2/generate/async").then().statusCode(202);
    }
}
