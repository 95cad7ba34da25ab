package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;

/**
 * Pins job-service's answers to hostile input on its internal API, over HTTP against the real PostgreSQL: parsing
 * failures, NUL characters, overlong identifiers and framework refusals are 4xx answers in the AI Horde's JSON shape
 * with an rc — never a 500 from PostgreSQL refusing the value.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    TestGateway gateway;

    private static ValidatableResponse refused(ValidatableResponse response, int status, String rc) {
        return response.statusCode(status).statusCode(lessThan(500))
                .contentType(startsWith("application/json"))
                .body("message", notNullValue())
                .body("rc", equalTo(rc));
    }

    private static ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then();
    }

    @Test
    void parsingFailuresAreBadRequests() {
        refused(post("/internal/pop", "{\"ownerUserId\":1,\"ownerUserId\":{}}"), 400, "BadRequest");
        refused(post("/internal/submit", "{\"jobId\":\"" + UUID.randomUUID() + "\",\"state\":\"ok\",\"state\":1}"),
                400, "BadRequest");
        refused(post("/internal/pop", "{\"ownerUserId\":"), 400, "BadRequest");
        refused(post("/internal/pop", "{\"ownerUserId\":\"abc\"}"), 400, "BadRequest")
                .body("errors", hasKey("ownerUserId"));
        refused(post("/internal/pop", "{\"ownerUserId\":1,\"pop\":{\"amount\":[1]}}"), 400, "BadRequest")
                .body("errors", hasKey("pop.amount"));
        refused(post("/internal/submit", "{\"jobId\":\"not-a-uuid\",\"state\":\"ok\"}"), 400, "BadRequest")
                .body("errors", hasKey("jobId"));
        refused(post("/internal/pop", "{\"ownerUserId\":1e400}"), 400, "BadRequest");
    }

    @Test
    void aNulCharacterIsRefusedInBodiesPathsAndQueries() {
        refused(post("/internal/pop", "{\"ownerUserId\":1,\"ownerAlias\":\"a\\u0000\"}"), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/name/a%00b").then(),
                400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/online?type=%00").then(),
                400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/online?name=x%00").then(),
                400, "NulByteInPayload");
    }

    @Test
    void overlongIdentifiersAreRefusedBeforeTheDatabase() {
        long owner = HordeSamples.owner();
        WorkerPop longAlias = new WorkerPop(owner, "a".repeat(10_000), false,
                HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1).pop());
        refused(gateway.pop(longAlias), 400, "BadRequest").body("errors", hasKey("ownerAlias"));

        PopRequest sample = HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1).pop();
        PopRequest longPriority = new PopRequest(sample.name(), List.of("u".repeat(5_000)), sample.nsfw(),
                sample.models(), sample.bridgeAgent(), sample.threads(), sample.requireUpfrontKudos(),
                sample.amount(), sample.maxPixels(), List.of("b".repeat(5_000)), sample.allowImg2img(),
                sample.allowPainting(), sample.allowUnsafeIpaddr(), sample.allowPostProcessing(),
                sample.allowControlnet(), sample.allowSdxlControlnet(), sample.allowLora(),
                sample.extraSlowWorker(), sample.limitMaxSteps());
        refused(gateway.pop(new WorkerPop(owner, "owner#" + owner, false, longPriority)), 400, "BadRequest")
                .body("errors", hasKey("priority_usernames.0"))
                .body("errors", hasKey("blacklist.0"));

        refused(given().get("/internal/workers/name/" + "n".repeat(2_000)).then(), 400, "BadRequest");
        refused(given().queryParam("type", "t".repeat(2_000)).get("/internal/workers/online").then(),
                400, "BadRequest");
        refused(given().get("/internal/workers/" + "i".repeat(2_000)).then(), 400, "BadRequest");
    }

    @Test
    void aWorkerChangeWithOverlongTextsIsRefused() {
        long owner = HordeSamples.owner();
        String workerId = gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1))
                .workerId().toString();
        refused(given().contentType(ContentType.JSON)
                .body("{\"actorUserId\":" + owner + ",\"actorModerator\":false,\"name\":\"" + "n".repeat(101) + "\"}")
                .put("/internal/workers/" + workerId).then(), 400, "TooLongWorkerName");
        refused(given().contentType(ContentType.JSON)
                .body("{\"actorUserId\":" + owner + ",\"actorModerator\":false,\"info\":\"" + "i".repeat(5_000)
                        + "\"}")
                .put("/internal/workers/" + workerId).then(), 400, "BadRequest").body("errors", hasKey("info"));
    }

    @Test
    void invalidPercentEncodingsAndFrameworkRefusalsAreJson() throws IOException {
        refusedRaw("/internal/workers/name/%%00", "BadRequest");
        refusedRaw("/internal/workers/online?type=%%00", "BadRequest");
        refusedRaw("/internal/workers/name/%zz", "BadRequest");
        refused(given().get("/internal/nothing").then(), 404, "ThingNotFound");
        refused(given().get("/nothing").then(), 404, "ThingNotFound");
        refused(given().delete("/internal/pop").then(), 405, "BadRequest");
        refused(given().contentType(ContentType.TEXT).body("x").post("/internal/pop").then(), 415, "BadRequest");
        refused(given().accept("text/plain").get("/internal/workers/online?type=image").then(), 406, "BadRequest");
        refused(given().accept("text/plain").contentType(ContentType.JSON).body("{")
                .post("/internal/pop").then(), 406, "BadRequest");
    }

    /**
     * Sends a request line as written, byte for byte: HTTP clients (RestAssured, java.net) refuse to send an invalid
     * percent-encoding at all. Returns the status, the Content-Type and the body.
     */
    static String[] raw(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, headersEnd);
            String contentType = head.lines().filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).strip()).findFirst().orElse("");
            return new String[] {head.split(" ")[1], contentType, answer.substring(headersEnd + 4)};
        }
    }

    private static void refusedRaw(String target, String rc) throws IOException {
        String[] answer = raw("GET", target);
        assertEquals("400", answer[0], target);
        assertTrue(answer[1].startsWith("application/json"), answer[1]);
        assertEquals(rc, io.restassured.path.json.JsonPath.from(answer[2]).getString("rc"), answer[2]);
        assertNotNull(io.restassured.path.json.JsonPath.from(answer[2]).getString("message"), answer[2]);
    }
}
