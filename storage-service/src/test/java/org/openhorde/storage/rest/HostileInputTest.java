package org.openhorde.storage.rest;

import static io.restassured.RestAssured.given;
import static org.openhorde.kit.testing.HordeRefusals.refused;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins storage-service's answers to hostile input on its own parsing paths (job and request ids in paths, base64
 * bodies, lists of ids): 4xx answers in the AI Horde's JSON shape with an rc, never a 500 or a non-JSON body.
 */
@QuarkusTest
class HostileInputTest {


    @Test
    void repeatedKeysAndWrongTypesAreBadRequests() {
        String jobId = UUID.randomUUID().toString();
        refused(given().contentType(ContentType.JSON).body("{\"base64\":\"AAAA\",\"base64\":\"AAAA\"}")
                .put("/internal/generations/" + jobId).then(), 400, "BadRequest");
        refused(given().contentType(ContentType.JSON).body("{\"image\":\"AAAA\",\"image\":null}")
                .put("/internal/sources/" + UUID.randomUUID()).then(), 400, "BadRequest");
        refused(given().contentType(ContentType.JSON).body("{\"jobIds\":[],\"jobIds\":[]}")
                .post("/internal/generations/download-urls").then(), 400, "BadRequest");
        refused(given().contentType(ContentType.JSON).body("{\"jobIds\":{\"a\":1}}")
                .post("/internal/generations/upload-urls").then(), 400, "BadRequest");
    }

    @Test
    void nulsOverlongIdsAndFrameworkRefusalsAreJson() {
        refused(given().contentType(ContentType.JSON).body("{\"base64\":\"AA\\u0000A\"}")
                .put("/internal/generations/" + UUID.randomUUID()).then(), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/generations/abc%00").then(),
                400, "NulByteInPayload");
        refused(given().get("/internal/generations/" + "j".repeat(2_000)).then(), 400, "BadRequest");
        refused(given().delete("/internal/generations/upload-urls").then(), 405, "BadRequest");
        refused(given().accept("text/html").get("/internal/generations/" + UUID.randomUUID()).then(),
                406, "BadRequest");
        refused(given().get("/internal/nothing").then(), 404, "ThingNotFound");
    }
}
