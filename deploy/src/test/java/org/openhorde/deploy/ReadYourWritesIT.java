package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes over the packaged services, as the AI Horde has it: a pop sent right after {@code
 * /generate/async} answered 202 finds that request (also right after the services restarted), and a {@code check}
 * and {@code status} sent right after a worker's submit answered 200 show the image — no waiting in between. Prints
 * the time from the client's request to the worker holding its job and from the worker's submit to check's done.
 */
class ReadYourWritesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ROUNDS = 20;

    private static RunningHorde horde;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
    }

    @Test
    void aPopRightAfterThe202FindsTheRequestAndACheckRightAfterTheSubmitIsDone() throws Exception {
        String requester = createUser();
        String owner = registerOwner();
        String model = unique("ryw_model_");
        List<Long> intakeToPop = new ArrayList<>();
        List<Long> submitToDone = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            oneImage(requester, owner, model, intakeToPop, submitToDone);
        }
        System.out.printf("ReadYourWritesIT: async sent -> worker holds the job: p50 %d ms, max %d ms; "
                        + "worker submit sent -> check done: p50 %d ms, max %d ms (%d rounds, idle horde)%n",
                p50(intakeToPop), Collections.max(intakeToPop), p50(submitToDone), Collections.max(submitToDone),
                ROUNDS);
    }

    @Test
    void aPopRightAfterThe202FindsTheRequestRightAfterARestart() throws Exception {
        String requester = createUser();
        String owner = registerOwner();
        String model = unique("ryw_restart_");
        horde.restartServices();
        oneImage(requester, owner, model, new ArrayList<>(), new ArrayList<>());
    }

    /** One lifecycle with no waiting anywhere: every read right after the write it depends on. */
    private static void oneImage(String requester, String owner, String model, List<Long> intakeToPop,
                                 List<Long> submitToDone) throws Exception {
        long asked = System.nanoTime();
        String requestId = given().header("apikey", requester).contentType(ContentType.JSON)
                .body("""
                        {"prompt": "read your writes", "params": {"width": 512, "height": 512, "steps": 20, "n": 1},
                         "models": ["%s"], "nsfw": false, "censor_nsfw": false, "r2": true}
                        """.formatted(model))
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");

        JsonPath job = given().header("apikey", owner).contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "models": ["%s"], "max_pixels": 1048576, "nsfw": true,
                         "bridge_agent": "AI Horde Worker reGen:9.0.2:https://github.com/Haidra-Org/horde-worker-reGen"}
                        """.formatted("ryw-worker-" + model, model))
                .post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath();
        intakeToPop.add(millisSince(asked));
        String jobId = job.getString("id");
        assertNotNull(jobId, "the pop right after the 202 found the request: " + job.prettify());
        upload(job.getString("r2_upload"), png());

        long submitted = System.nanoTime();
        given().header("apikey", owner).contentType(ContentType.JSON)
                .body("{\"id\":\"" + jobId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":7}")
                .post("/api/v2/generate/submit").then().statusCode(200);
        given().get("/api/v2/generate/check/" + requestId).then().statusCode(200)
                .body("done", equalTo(true)).body("finished", equalTo(1)).body("waiting", equalTo(0));
        submitToDone.add(millisSince(submitted));
        JsonPath status = given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                .body("done", equalTo(true)).extract().jsonPath();
        assertEquals(1, status.getList("generations").size());
        assertEquals(jobId, status.getString("generations[0].id"));
    }

    private static String createUser() {
        return given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON)
                .body("{\"username\":\"" + unique("ryw") + "\",\"kudos\":100000}")
                .post("/api/v2/operator/users").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static String registerOwner() {
        return given().contentType(ContentType.JSON).body("{\"username\":\"" + unique("rywowner") + "\"}")
                .post("/api/v2/register").then().statusCode(201).extract().jsonPath().getString("api_key");
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void upload(String url, byte[] image) throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 5, 0x336699);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long p50(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
