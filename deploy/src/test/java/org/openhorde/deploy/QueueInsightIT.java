package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Honest {@code check}: a request no online worker can serve says {@code is_possible: false}; once a worker for its
 * model is online it is possible, and its {@code queue_position} and {@code wait_time} are real and shrink as the
 * queue ahead of it is served. The status and statistics endpoints show real numbers; maintenance mode refuses new
 * requests while workers carry on.
 */
class QueueInsightIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningHorde horde;
    private static HordeApi api;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        api = new HordeApi(horde);
    }

    private static JsonPath get(String path) {
        return given().baseUri(horde.gatewayUrl()).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void estimatesFollowTheWorkersOnlineAndTheQueueAhead() throws Exception {
        String model = HordeApi.unique("insight-model-");
        String requester = api.userWithKudos(1000);
        String first = api.request(requester, model, 1, HordeApi.unique("insight first "));
        String second = api.request(requester, model, 1, HordeApi.unique("insight second "));
        String third = api.request(requester, model, 1, HordeApi.unique("insight third "));
        for (String id : List.of(first, second, third)) {
            api.awaitQueued(id);
        }

        // Nobody serves the model: the requests would wait forever, and check says so.
        JsonPath firstCheck = api.check(first);
        assertFalse(firstCheck.getBoolean("is_possible"));
        assertEquals(1, firstCheck.getInt("waiting"));
        assertTrue(api.check(third).getInt("queue_position") > api.check(second).getInt("queue_position"));
        assertTrue(api.check(second).getInt("queue_position") > firstCheck.getInt("queue_position"));

        // A worker for the model comes online (its first pop takes the oldest request).
        String owner = api.register();
        String worker = HordeApi.unique("insight-worker-");
        JsonPath firstJob = api.pop(owner, worker, List.of(model), 1);
        assertTrue(firstJob.getString("payload.prompt").startsWith("insight first "));
        // Each request's estimate is cached on its own for a second: wait until both show the new snapshot.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.check(second).getBoolean("is_possible")
                && api.check(third).getBoolean("is_possible"));
        JsonPath held = api.check(first);
        assertEquals(1, held.getInt("processing"));
        assertEquals(0, held.getInt("queue_position"));
        assertTrue(held.getBoolean("is_possible"));
        JsonPath secondCheck = api.check(second);
        JsonPath thirdBefore = api.check(third);
        assertTrue(secondCheck.getInt("queue_position") > 0);
        assertTrue(thirdBefore.getInt("queue_position") > secondCheck.getInt("queue_position"));
        assertTrue(secondCheck.getInt("wait_time") > 0);
        assertTrue(thirdBefore.getInt("wait_time") >= secondCheck.getInt("wait_time"));
        assertTrue(thirdBefore.getBoolean("is_possible"));

        // The worker takes the second: the third moves up and expects to wait no longer.
        assertTrue(api.pop(owner, worker, List.of(model), 1).getString("payload.prompt").startsWith("insight second "));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.check(third).getInt("queue_position") < thirdBefore.getInt("queue_position"));
        // Strictly less only when the horde is slow enough for whole seconds to show: the measured speed comes from
        // every delivery in the last 10 minutes, other ITs' included.
        JsonPath thirdAfter = api.check(third);
        assertTrue(thirdAfter.getInt("wait_time") <= thirdBefore.getInt("wait_time"));
        assertTrue(thirdAfter.getInt("wait_time") > 0);

        // The horde's figures count the worker and the model's queue.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> models = get("/api/v2/status/models?min_count=1").getList("$");
            Map<String, Object> line = models.stream().filter(m -> model.equals(m.get("name"))).findFirst()
                    .orElseThrow();
            assertEquals(1, line.get("count"));
            assertEquals(1, line.get("jobs"));
            assertEquals(512.0 * 512 * 10, ((Number) line.get("queued")).doubleValue(), 0.5);
            assertEquals("image", line.get("type"));
            assertTrue(((Number) line.get("eta")).intValue() > 0);
        });
        assertEquals(1, get("/api/v2/status/models/" + model).getList("$").size());
        assertTrue(get("/api/v2/status/models?max_count=0").getList("name").stream().noneMatch(model::equals));
        JsonPath performance = get("/api/v2/status/performance");
        assertTrue(performance.getInt("worker_count") >= 1);
        assertTrue(performance.getInt("thread_count") >= 1);
        assertTrue(performance.getInt("queued_requests") >= 3, "two held images and one waiting");
        assertTrue(performance.getDouble("queued_megapixelsteps") >= 2.6);

        // One image delivered shows in the statistics.
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(firstJob.getString("r2_upload")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        given().baseUri(horde.gatewayUrl()).header("apikey", owner).contentType(ContentType.JSON)
                .body("{\"id\":\"" + firstJob.getString("id") + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath models = get("/api/v2/stats/img/models");
            assertEquals(1, models.getInt("total.'" + model + "'"));
            assertEquals(1, models.getInt("day.'" + model + "'"));
        });
        JsonPath totals = get("/api/v2/stats/img/totals");
        assertTrue(totals.getLong("minute.images") >= 1);
        assertTrue(totals.getLong("total.ps") >= 512L * 512 * 10);
        assertTrue(totals.getLong("total.images") >= totals.getLong("day.images"));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.check(first).getBoolean("done"));
        JsonPath done = api.check(first);
        assertEquals(0, done.getInt("wait_time"));
        assertEquals(0, done.getInt("queue_position"));
    }

    @Test
    void maintenanceModeRefusesNewRequestsWhileWorkersCarryOn() {
        String model = HordeApi.unique("maintenance-model-");
        String requester = api.userWithKudos(1000);
        String waiting = api.request(requester, model, 1, HordeApi.unique("before maintenance "));
        api.awaitQueued(waiting);
        String stranger = api.register();
        given().baseUri(horde.gatewayUrl()).header("apikey", stranger).contentType(ContentType.JSON)
                .body("{\"maintenance\": true}").put("/api/v2/status/modes")
                .then().statusCode(403).body("rc", equalTo("NotAdmin"));
        try {
            given().baseUri(horde.gatewayUrl()).header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                    .body("{\"maintenance\": true}").put("/api/v2/status/modes")
                    .then().statusCode(200).body("maintenance_mode", equalTo(true));
            get("/api/v2/status/modes");
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v2/status/modes")
                    .getBoolean("maintenance_mode"));
            given().baseUri(horde.gatewayUrl()).header("apikey", requester).contentType(ContentType.JSON)
                    .body(HordeApi.requestBody(model, 1, "during maintenance")).post("/api/v2/generate/async")
                    .then().statusCode(400).body("rc", equalTo("MaintenanceMode"));
            // Workers still get what was queued before.
            String owner = api.register();
            assertEquals("before maintenance",
                    api.pop(owner, HordeApi.unique("maintenance-worker-"), List.of(model), 1)
                            .getString("payload.prompt").substring(0, "before maintenance".length()));
        } finally {
            given().baseUri(horde.gatewayUrl()).header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                    .body("{\"maintenance\": false}").put("/api/v2/status/modes")
                    .then().statusCode(200).body("maintenance_mode", equalTo(false));
        }
        api.request(requester, model, 1, HordeApi.unique("after maintenance "));
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0x3366ff);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
