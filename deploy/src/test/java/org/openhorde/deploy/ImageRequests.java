package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * What a client and a worker do over the public API, for the request lifecycle and rules ITs: every request names a
 * model of its own, so that no other IT's worker takes it from the shared horde.
 */
final class ImageRequests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ImageRequests() {
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An operator-created user with starting kudos; its API key. */
    static String richUser(RunningHorde horde, int kudos) {
        return given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("rq") + "\",\"kudos\":" + kudos + "}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    /** A self-registered user (no kudos, the default concurrency of 30); its API key. */
    static String registeredUser() {
        return given().contentType(ContentType.JSON).body("{\"username\":\"" + unique("reg") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    static ValidatableResponse async(String apikey, String body) {
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(body)
                .post("/api/v2/generate/async").then();
    }

    /**
     * A small txt2img request for {@code model}: {@code params} are extra or overriding members of {@code params}
     * (a default it names is left out: the gateway refuses repeated keys), {@code extra} extra top-level members.
     */
    static String body(String model, String params, String extra) {
        StringBuilder members = new StringBuilder();
        for (String[] fallback : new String[][] {{"width", "64"}, {"height", "64"}, {"steps", "1"}}) {
            if (!params.contains("\"" + fallback[0] + "\"")) {
                members.append(members.isEmpty() ? "" : ", ").append('"').append(fallback[0]).append("\": ")
                        .append(fallback[1]);
            }
        }
        if (!params.isEmpty()) {
            members.append(members.isEmpty() ? "" : ", ").append(params);
        }
        return """
                {"prompt": "a lighthouse on a cliff at dusk", "params": {%s},
                 "models": ["%s"], "r2": true%s}
                """.formatted(members, model, extra);
    }

    static JsonPath check(String requestId) {
        return given().get("/api/v2/generate/check/" + requestId).then().statusCode(200).extract().jsonPath();
    }

    static ValidatableResponse cancel(String requestId) {
        return given().delete("/api/v2/generate/status/" + requestId).then();
    }

    /** One pop of up to {@code amount} images of {@code model}, retried until the horde hands out a job. */
    static JsonPath popJob(String ownerKey, String workerName, String model, int amount) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> pop(ownerKey, workerName, model, amount),
                pop -> pop.getString("id") != null);
    }

    static JsonPath pop(String ownerKey, String workerName, String model, int amount) {
        return given().header("apikey", ownerKey).contentType(ContentType.JSON).body("""
                        {"name": "%s", "nsfw": true, "models": ["%s"],
                         "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen",
                         "threads": 1, "amount": %d, "max_pixels": 4194304, "allow_img2img": true,
                         "allow_painting": true, "allow_unsafe_ipaddr": true, "allow_post_processing": true,
                         "allow_controlnet": true, "allow_lora": true}
                        """.formatted(workerName, model, amount))
                .post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath();
    }

    /** Uploads an image to the job's presigned URL and submits it; the reward. */
    static double deliver(String ownerKey, JsonPath job) {
        HttpResponse<String> put;
        try {
            put = HTTP.send(HttpRequest.newBuilder(URI.create(job.getString("r2_upload")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(png())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, put.statusCode(), put.body());
        return submit(ownerKey, job.getString("id"), "ok").statusCode(200).extract().jsonPath().getDouble("reward");
    }

    static ValidatableResponse submit(String ownerKey, String jobId, String state) {
        return given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"" + state + "\",\"seed\":1234}")
                .post("/api/v2/generate/submit").then();
    }

    static byte[] png() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(10, 10, 0xffff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String pngBase64() {
        return Base64.getEncoder().encodeToString(png());
    }
}
