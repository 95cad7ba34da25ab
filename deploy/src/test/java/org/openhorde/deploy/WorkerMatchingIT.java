package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins every matching rule of {@code POST /generate/pop} over the running services: a worker that fails the rule
 * does not get the request and reports it under the rule's AI Horde {@code skipped} reason; an otherwise identical
 * worker that passes it gets the request. Each test uses its own model, so only its own workers can take its
 * requests.
 */
class WorkerMatchingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An operator-created user; returns {id, username, api_key}. */
    static JsonPath createUser(int kudos, boolean trusted, boolean moderator) {
        return given().header("apikey", RunningHorde.get().operatorKey()).contentType(ContentType.JSON)
                .body(json(Map.of("username", unique("wm"), "kudos", kudos, "trusted", trusted,
                        "moderator", moderator)))
                .post("/api/v2/operator/users")
                .then().statusCode(201).extract().jsonPath();
    }

    static String key(JsonPath user) {
        return user.getString("api_key");
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String png() {
        try {
            BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            image.setRGB(3, 3, 0x33aa55);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 512² request for {@code model}, with top-level and params members added or replaced. */
    static String request(String apikey, String model, Map<String, Object> extra, Map<String, Object> params) {
        Map<String, Object> allParams = new LinkedHashMap<>(Map.of("sampler_name", "k_euler_a", "width", 512,
                "height", 512, "steps", 20, "n", 1));
        allParams.putAll(params);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("prompt", "a lighthouse on a cliff", "params",
                allParams, "models", List.of(model), "nsfw", false, "r2", true, "shared", false));
        body.putAll(extra);
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(json(body))
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
    }

    /** A reGen-like pop for {@code model}, with members added or replaced. */
    static Map<String, Object> popBody(String name, String model, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("models", List.of(model));
        body.put("bridge_agent", "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen");
        body.put("nsfw", true);
        body.put("max_pixels", 1048576);
        body.put("amount", 1);
        body.put("allow_img2img", true);
        body.put("allow_painting", true);
        body.put("allow_post_processing", true);
        body.put("allow_controlnet", true);
        body.put("allow_lora", true);
        body.putAll(extra);
        return body;
    }

    static io.restassured.response.ValidatableResponse pop(String apikey, Map<String, Object> body) {
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(json(body))
                .post("/api/v2/generate/pop").then();
    }

    /**
     * Waits until job-service has queued the request (intake is asynchronous), so a pop can see it. Looks at once
     * (Awaitility would first wait a poll interval).
     */
    static void awaitQueued(String requestId) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                    "postgres", "");
                 PreparedStatement query = db.prepareStatement(
                         "select count(*) from " + RunningHorde.ENV + "_jobs.waiting_requests where id = ?")) {
                query.setObject(1, UUID.fromString(requestId));
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) == 1;
                }
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** Pops until the worker gets {@code requestId}'s job; returns the pop's payload. */
    static JsonPath popUntil(String apikey, Map<String, Object> body, String requestId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> pop(apikey, body).statusCode(200).extract().jsonPath(),
                        job -> job.getString("id") != null && requestIdOf(job).equals(requestId));
    }

    /** The request a popped job belongs to is not on the wire; the job ids are, and job ids name their request. */
    private static String requestIdOf(JsonPath job) {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                "");
             PreparedStatement query = db.prepareStatement(
                     "select request_id from " + RunningHorde.ENV + "_jobs.jobs where id = ?")) {
            query.setObject(1, UUID.fromString(job.getString("id")));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The refused worker gets nothing of the request and counts it under {@code reason}; the accepted one gets it.
     */
    private void assertRule(String requester, String model, Map<String, Object> extra, Map<String, Object> params,
                            String refusedKey, Map<String, Object> refused, String acceptedKey,
                            Map<String, Object> accepted, String reason) {
        String requestId = request(requester, model, extra, params);
        awaitQueued(requestId);

        JsonPath skipped = pop(refusedKey, popBody(unique("refused-"), model, refused)).statusCode(200)
                .extract().jsonPath();
        assertEquals(null, skipped.getString("id"), "the worker failing '" + reason + "' gets nothing");
        assertTrue(skipped.getInt("skipped.'" + reason + "'") >= 1,
                "counted under '" + reason + "': " + skipped.getMap("skipped"));

        popUntil(acceptedKey, popBody(unique("accepted-"), model, accepted), requestId);
    }

    private void assertRule(Map<String, Object> extra, Map<String, Object> params, Map<String, Object> refused,
                            Map<String, Object> accepted, String reason) {
        String owner = key(createUser(0, false, false));
        assertRule(key(createUser(1000, false, false)), unique("it-model-"), extra, params, owner, refused, owner,
                accepted, reason);
    }

    @Test
    void models() {
        String model = unique("it-model-");
        String owner = key(createUser(0, false, false));
        String requestId = request(key(createUser(1000, false, false)), model, Map.of(), Map.of());
        awaitQueued(requestId);
        JsonPath skipped = pop(owner, popBody(unique("refused-"), unique("it-other-model-"), Map.of()))
                .statusCode(200).extract().jsonPath();
        assertTrue(skipped.getInt("skipped.models") >= 1);
        popUntil(owner, popBody(unique("accepted-"), model, Map.of()), requestId);
    }

    @Test
    void maxPixels() {
        assertRule(Map.of(), Map.of("width", 1024, "height", 1024), Map.of("max_pixels", 512 * 512),
                Map.of("max_pixels", 1024 * 1024), "max_pixels");
    }

    @Test
    void nsfw() {
        assertRule(Map.of("nsfw", true), Map.of(), Map.of("nsfw", false), Map.of("nsfw", true), "nsfw");
    }

    @Test
    void img2img() {
        assertRule(Map.of("source_image", png(), "source_processing", "img2img"), Map.of(),
                Map.of("allow_img2img", false), Map.of(), "img2img");
    }

    @Test
    void painting() {
        assertRule(Map.of("source_image", png(), "source_mask", png(), "source_processing", "inpainting"),
                Map.of(), Map.of("allow_painting", false), Map.of(), "painting");
    }

    @Test
    void postProcessing() {
        assertRule(Map.of(), Map.of("post_processing", List.of("GFPGAN")), Map.of("allow_post_processing", false),
                Map.of(), "post-processing");
    }

    @Test
    void lora() {
        assertRule(Map.of(), Map.of("loras", List.of(Map.of("name", "76693"))), Map.of("allow_lora", false),
                Map.of(), "lora");
    }

    @Test
    void controlnet() {
        assertRule(Map.of("source_image", png(), "source_processing", "img2img"), Map.of("control_type", "canny"),
                Map.of("allow_controlnet", false), Map.of(), "controlnet");
    }

    @Test
    void trustedWorkersOnly() {
        String model = unique("it-model-");
        assertRule(key(createUser(1000, false, false)), model, Map.of("trusted_workers", true), Map.of(),
                key(createUser(0, false, false)), Map.of(), key(createUser(0, true, false)), Map.of(), "untrusted");
    }

    @Test
    void blacklistedWords() {
        assertRule(Map.of("prompt", "A LIGHTHOUSE in the fog"), Map.of(), Map.of("blacklist", List.of("lighthouse")),
                Map.of("blacklist", List.of("castle")), "blacklist");
    }

    @Test
    void slowWorkersFalseKeepsExtraSlowWorkersAway() {
        assertRule(Map.of("slow_workers", false), Map.of(), Map.of("extra_slow_worker", true), Map.of(),
                "performance");
    }

    /** The AI Horde's own integration case: a plain request is no work for an extra slow worker. */
    @Test
    void extraSlowWorkersOnlyGetRequestsThatAdmitThem() {
        assertRule(Map.of(), Map.of(), Map.of("extra_slow_worker", true), Map.of(), "performance");

        String model = unique("it-model-");
        String requestId = request(key(createUser(1000, false, false)), model, Map.of("extra_slow_workers", true),
                Map.of());
        awaitQueued(requestId);
        popUntil(key(createUser(0, false, false)), popBody(unique("extra-slow-"), model,
                Map.of("extra_slow_worker", true)), requestId);
    }

    @Test
    void limitMaxSteps() {
        assertRule(Map.of(), Map.of("steps", 50), Map.of("limit_max_steps", true), Map.of(), "step_count");
    }

    /** The AI Horde's own integration case: 8 steps are over Flux Schnell's (3 + 8) / 2 in the model reference. */
    @Test
    void limitMaxStepsUsesTheModelsReferenceSteps() {
        String owner = key(createUser(0, false, false));
        assertRule(key(createUser(1000, false, false)), "Flux.1-Schnell fp8 (Compact)", Map.of(),
                Map.of("steps", 8, "width", 1024, "height", 1024), owner, Map.of("limit_max_steps", true), owner,
                Map.of(), "step_count");
    }

    @Test
    void requireUpfrontKudos() {
        String model = unique("it-model-");
        String owner = key(createUser(0, false, false));
        assertRule(key(createUser(0, false, false)), model, Map.of(), Map.of(), owner,
                Map.of("require_upfront_kudos", true), owner, Map.of(), "kudos");
    }

    @Test
    void workerWhitelistAndBlacklist() {
        String owner = key(createUser(0, false, false));
        String model = unique("it-model-");
        String listedName = unique("listed-");
        pop(owner, popBody(listedName, model, Map.of())).statusCode(200);
        String listedId = workerId(listedName);
        assertNotNull(listedId);
        String requester = key(createUser(1000, false, false));

        String whitelisted = request(requester, model, Map.of("workers", List.of(listedId)), Map.of());
        awaitQueued(whitelisted);
        JsonPath stranger = pop(owner, popBody(unique("stranger-"), model, Map.of())).statusCode(200)
                .extract().jsonPath();
        assertEquals(null, stranger.getString("id"));
        assertTrue(stranger.getInt("skipped.worker_id") >= 1);
        popUntil(owner, popBody(listedName, model, Map.of()), whitelisted);

        String blacklisted = request(requester, model, Map.of("workers", List.of(listedId), "worker_blacklist",
                true), Map.of());
        awaitQueued(blacklisted);
        JsonPath banned = pop(owner, popBody(listedName, model, Map.of())).statusCode(200).extract().jsonPath();
        assertEquals(null, banned.getString("id"));
        assertTrue(banned.getInt("skipped.worker_id") >= 1);
        popUntil(owner, popBody(unique("other-"), model, Map.of()), blacklisted);
    }

    @Test
    void priorityUsernamesAreServedFirst() {
        String model = unique("it-model-");
        String rich = request(key(createUser(100_000, false, false)), model, Map.of(), Map.of());
        JsonPath friend = createUser(1, false, false);
        String friends = request(key(friend), model, Map.of(), Map.of());
        awaitQueued(rich);
        awaitQueued(friends);
        String owner = key(createUser(0, false, false));
        Map<String, Object> body = popBody(unique("friendly-"), model, Map.of("priority_usernames",
                List.of(friend.getString("username") + "#" + friend.getLong("id"))));
        JsonPath first = pop(owner, body).statusCode(200).extract().jsonPath();
        assertEquals(friends, requestIdOf(first), "the priority user's request first, though poorer");
        popUntil(owner, body, rich);
    }

    @Test
    void aWorkerInMaintenanceGetsOnlyItsOwnersRequestsAndElseA403() {
        String model = unique("it-model-");
        JsonPath ownerUser = createUser(1000, false, false);
        String owner = key(ownerUser);
        String name = unique("maint-");
        pop(owner, popBody(name, model, Map.of())).statusCode(200);
        given().header("apikey", owner).contentType(ContentType.JSON)
                .body(json(Map.of("maintenance", true, "maintenance_msg", "swapping GPUs")))
                .put("/api/v2/workers/" + workerId(name)).then().statusCode(200).body("maintenance", equalTo(true));

        String stranger = request(key(createUser(1000, false, false)), model, Map.of(), Map.of());
        awaitQueued(stranger);
        pop(owner, popBody(name, model, Map.of())).statusCode(403)
                .body("rc", equalTo("WorkerMaintenance")).body("message", equalTo("swapping GPUs"));

        String own = request(owner, model, Map.of(), Map.of());
        awaitQueued(own);
        popUntil(owner, popBody(name, model, Map.of()), own);
        assertNotEquals(own, stranger);
    }

    /** The worker's id, by name, from the public API. */
    static String workerId(String name) {
        return given().get("/api/v2/workers/name/" + name).then().statusCode(200).extract().jsonPath()
                .getString("id");
    }
}
