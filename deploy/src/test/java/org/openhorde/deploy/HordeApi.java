package org.openhorde.deploy;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The few AI Horde calls the queue ITs make, against the running horde's gateway, as a client and a worker would. */
final class HordeApi {

    static final String ANONYMOUS_KEY = "0000000000";

    private final RunningHorde horde;

    HordeApi(RunningHorde horde) {
        this.horde = horde;
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An operator-created user with starting kudos; its API key. */
    String userWithKudos(long kudos) {
        return given().baseUri(horde.gatewayUrl()).header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("queue") + "\",\"kudos\":" + kudos + "}")
                .post("/api/v2/operator/users")
                .then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    /** A self-registered user (a worker owner); its API key. */
    String register() {
        return given().baseUri(horde.gatewayUrl()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("owner") + "\"}")
                .post("/api/v2/register")
                .then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    /** Asks for {@code images} small images of {@code model} with {@code prompt} (which tells its jobs apart). */
    String request(String apikey, String model, int images, String prompt) {
        return request(apikey, model, images, prompt, 10);
    }

    /**
     * The same with {@code steps} steps: more steps make a longer claim time to live (40 s + 2 s a step at 512 x 512
     * on the shared horde), for a test that holds its jobs a while.
     */
    String request(String apikey, String model, int images, String prompt, int steps) {
        return given().baseUri(horde.gatewayUrl()).header("apikey", apikey).header("Client-Agent", "queue-it:1:openhorde")
                .contentType(ContentType.JSON).body(requestBody(model, images, prompt, steps))
                .post("/api/v2/generate/async")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    static String requestBody(String model, int images, String prompt) {
        return requestBody(model, images, prompt, 10);
    }

    static String requestBody(String model, int images, String prompt, int steps) {
        return """
                {"prompt": "%s",
                 "params": {"sampler_name": "k_euler_a", "cfg_scale": 7.5, "width": 512, "height": 512,
                            "steps": %d, "n": %d},
                 "nsfw": false, "censor_nsfw": false, "models": ["%s"], "r2": true, "shared": false}
                """.formatted(prompt, steps, images, model);
    }

    /**
     * Waits until job-service queued the request: its {@code check} shows a queue position, which only job-service's
     * queue snapshot gives (the gateway's read model alone shows 0). The first look is immediate: Awaitility's
     * default first poll waits one poll interval, which a test awaiting hundreds of requests pays hundreds of times.
     */
    void awaitQueued(String requestId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> check(requestId).getInt("queue_position") > 0);
    }

    /** One pop of a worker serving {@code models}; the AI Horde's pop answer. */
    JsonPath pop(String ownerKey, String workerName, List<String> models, int amount) {
        return given().baseUri(horde.gatewayUrl()).header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(popBody(workerName, models, amount))
                .post("/api/v2/generate/pop")
                .then().statusCode(200).extract().jsonPath();
    }

    static String popBody(String workerName, List<String> models, int amount) {
        String names = models.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","));
        return """
                {"name": "%s", "priority_usernames": [], "nsfw": false, "models": [%s],
                 "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen",
                 "threads": 1, "amount": %d, "max_pixels": 1048576, "allow_img2img": true, "allow_painting": true,
                 "allow_unsafe_ipaddr": true, "allow_post_processing": true, "allow_controlnet": true,
                 "allow_lora": true}
                """.formatted(workerName, names, amount);
    }

    JsonPath check(String requestId) {
        return given().baseUri(horde.gatewayUrl()).get("/api/v2/generate/check/" + requestId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Which request a pop handed out (requesters never see job ids): the job's prompt. */
    static String promptOf(JsonPath pop) {
        return pop.getString("payload.prompt");
    }
}
