package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first complete flow over the packaged services as real processes: a client asks for an image, a worker
 * generates and uploads it, kudos move exactly once, the client gets the image — with the events on Kafka and the
 * object in S3 to show for it.
 */
class FirstImageFlowIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An operator-created user with starting kudos; returns {id, apikey}. */
    private static JsonPath createUser(String kudos) {
        return given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("req") + "\",\"kudos\":" + kudos + "}")
                .post("/api/v2/operator/users")
                .then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath register() {
        return given().contentType(ContentType.JSON).body("{\"username\":\"" + unique("owner") + "\"}")
                .post("/api/v2/register")
                .then().statusCode(201).extract().jsonPath();
    }

    private static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String asyncBody(String prompt) {
        return """
                {"prompt": "%s",
                 "params": {"sampler_name": "k_euler_a", "cfg_scale": 7.5, "width": 512, "height": 512,
                            "steps": 20, "n": 1, "seed": "1234"},
                 "nsfw": false, "censor_nsfw": false, "trusted_workers": false,
                 "models": ["stable_diffusion"], "r2": true, "shared": false}
                """.formatted(prompt);
    }

    private static String popBody(String workerName) {
        return """
                {"name": "%s", "priority_usernames": [], "nsfw": true, "models": ["stable_diffusion"],
                 "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen",
                 "threads": 1, "amount": 1, "max_pixels": 1048576, "allow_img2img": true, "allow_painting": true,
                 "allow_unsafe_ipaddr": true, "allow_post_processing": true, "allow_controlnet": true,
                 "allow_lora": true}
                """.formatted(workerName);
    }

    @Test
    void clientGetsAnImageWorkerGetsPaidAndTheLedgerBalances() throws Exception {
        JsonPath requester = createUser("1000");
        String requesterKey = requester.getString("api_key");
        JsonPath owner = register();
        String ownerKey = owner.getString("api_key");
        assertEquals(1000.0, kudosOf(requesterKey));
        assertEquals(0.0, kudosOf(ownerKey));

        try (EventTap submitted = new EventTap("horde.jobs.submitted");
             EventTap claimed = new EventTap("horde.jobs.claimed");
             EventTap completed = new EventTap("horde.jobs.completed")) {

            // 1. The client asks.
            JsonPath accepted = given().header("apikey", requesterKey).header("Client-Agent", "it:1:openhorde")
                    .contentType(ContentType.JSON).body(asyncBody("a lighthouse on a cliff at dusk, oil painting"))
                    .post("/api/v2/generate/async")
                    .then().statusCode(202).body("id", notNullValue()).extract().jsonPath();
            String requestId = accepted.getString("id");
            double price = accepted.getDouble("kudos");
            assertTrue(price > 0, "the answer carries the image's price");

            given().get("/api/v2/generate/check/" + requestId).then().statusCode(200)
                    .body("waiting", equalTo(1)).body("done", equalTo(false)).body("finished", equalTo(0));

            // 2. A worker takes it; its first pop creates the worker.
            String workerName = unique("it-worker-");
            JsonPath job = await().atMost(Duration.ofSeconds(30)).until(
                    () -> given().header("apikey", ownerKey).contentType(ContentType.JSON).body(popBody(workerName))
                            .post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath(),
                    pop -> pop.getString("id") != null);
            String jobId = job.getString("id");
            assertEquals(List.of(jobId), job.getList("ids"));
            assertEquals("a lighthouse on a cliff at dusk, oil painting", job.getString("payload.prompt"));
            assertEquals(20, job.getInt("payload.ddim_steps"));
            assertEquals("1234", job.getString("payload.seed"));
            assertEquals("stable_diffusion", job.getString("model"));
            String uploadUrl = job.getString("r2_upload");
            assertEquals(List.of(uploadUrl), job.getList("r2_uploads"));

            // Nobody else may submit it; nothing else is waiting for this worker.
            JsonPath stranger = register();
            given().header("apikey", stranger.getString("api_key")).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}")
                    .post("/api/v2/generate/submit").then().statusCode(403).body("rc", equalTo("WrongCredentials"));

            // 3. The worker uploads to the presigned URL and submits.
            byte[] image = png();
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(uploadUrl))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());

            double reward = given().header("apikey", ownerKey).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}")
                    .post("/api/v2/generate/submit").then().statusCode(200).extract().jsonPath().getDouble("reward");
            assertEquals(price, reward, 0.001, "the worker earns the image's price");
            given().header("apikey", ownerKey).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}")
                    .post("/api/v2/generate/submit").then().statusCode(400).body("rc", equalTo("DuplicateGen"));

            // 4. The client sees it done, with the image behind a presigned URL.
            double tax = 3.0;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/api/v2/generate/check/" + requestId).then().statusCode(200)
                            .body("done", equalTo(true)).body("finished", equalTo(1)).body("waiting", equalTo(0))
                            .body("kudos", equalTo((float) (price + tax))));
            JsonPath status = given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                    .body("generations", hasSize(1))
                    .body("shared", equalTo(false))
                    .body("generations[0].id", equalTo(jobId))
                    .body("generations[0].worker_name", equalTo(workerName))
                    .body("generations[0].seed", equalTo("1234"))
                    .body("generations[0].model", equalTo("stable_diffusion"))
                    .extract().jsonPath();
            HttpResponse<byte[]> download = HTTP.send(
                    HttpRequest.newBuilder(URI.create(status.getString("generations[0].img"))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertArrayEquals(image, download.body());

            // 5. Kudos moved exactly once: requester paid price + tax, the owner earned the price, the tax burned.
            // The owner registered themselves and is not trusted yet: half the price waits in their escrow.
            long priceCentikudos = Math.round(price * 100);
            long held = priceCentikudos * 50 / 100;
            double paid = (priceCentikudos - held) / 100.0;
            await().atMost(Duration.ofSeconds(30)).until(() -> kudosOf(ownerKey) == paid);
            assertEquals(1000.0 - price - tax, kudosOf(requesterKey), 0.001);
            given().get("/api/v2/users/" + owner.getInt("id")).then().statusCode(200)
                    .body("kudos", equalTo((float) paid))
                    .body("kudos_details.accumulated", equalTo((float) paid))
                    .body("records.fulfillment.image", equalTo(1));
            given().get(horde.serviceUrl(2) + "/internal/users/" + owner.getInt("id")).then().statusCode(200)
                    .body("evaluatingKudos", equalTo((int) held));
            given().get(horde.serviceUrl(2) + "/internal/ledger/invariant").then().statusCode(200)
                    .body("holds", equalTo(true));

            // 6. The facts are on the three topics, and the image is in S3.
            List<JsonNode> submittedEvents = submitted.await(e -> requestId.equals(e.path("requestId").asText()), 1,
                    Duration.ofSeconds(20));
            assertEquals(1, submittedEvents.size());
            assertEquals(jobId, submittedEvents.get(0).path("jobIds").get(0).asText());
            List<JsonNode> claimedEvents = claimed.await(e -> requestId.equals(e.path("requestId").asText()), 1,
                    Duration.ofSeconds(20));
            assertEquals(1, claimedEvents.size());
            assertEquals(workerName, claimedEvents.get(0).path("worker").path("name").asText());
            List<JsonNode> completedEvents = completed.await(e -> jobId.equals(e.path("jobId").asText()), 1,
                    Duration.ofSeconds(20));
            assertEquals(1, completedEvents.size());
            assertEquals("DELIVERED", completedEvents.get(0).path("outcome").asText());
            assertEquals(Math.round(price * 100), completedEvents.get(0).path("price").asLong());
            assertEquals(300, completedEvents.get(0).path("tax").asLong());

            MinioClient s3 = MinioClient.builder().endpoint(RunningHorde.S3).credentials("minioadmin", "minioadmin")
                    .region("us-east-1").build();
            StatObjectResponse object = s3.statObject(StatObjectArgs.builder()
                    .bucket(RunningHorde.ENV + "-generations").object(jobId + ".webp").build());
            assertEquals(image.length, object.size());
        }
    }

    @Test
    void unknownIdsAndBadCredentialsGetAiHordeErrors() {
        given().get("/api/v2/generate/check/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().header("apikey", "not-a-real-key-000").contentType(ContentType.JSON)
                .body(asyncBody("a cat")).post("/api/v2/generate/async")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
        given().header("apikey", "0000000000").contentType(ContentType.JSON).body(popBody(unique("anon-")))
                .post("/api/v2/generate/pop").then().statusCode(403).body("rc", equalTo("AnonForbiddenWorker"));
        JsonPath owner = register();
        given().header("apikey", owner.getString("api_key")).contentType(ContentType.JSON)
                .body("{\"id\":\"" + UUID.randomUUID() + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then().statusCode(404).body("rc", equalTo("InvalidJobID"));
        given().contentType(ContentType.JSON).body("{\"prompt\": ")
                .header("apikey", owner.getString("api_key"))
                .post("/api/v2/generate/async").then().statusCode(400).body("rc", equalTo("BadRequest"));
    }
}
