package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Pins the public kudos endpoints where no other service is needed: the body is checked before the key, a missing
 * key is 401, and an unreachable kudos-service is a 503 (kudos-service does not run during these tests).
 */
@QuarkusTest
class KudosApiTest {

    @Test
    void transferAndAwardNeedAnApiKey() {
        given().contentType(ContentType.JSON).body("{\"username\":\"bob#5\",\"amount\":10}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
        given().contentType(ContentType.JSON).body("{\"username\":\"bob#5\",\"amount\":10}")
                .post("/api/v2/kudos/award")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
        given().get("/api/v2/operator/ledger").then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void badBodiesAreRefusedBeforeAnythingIsAsked() {
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000").body("{\"amount\":10}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest"))
                .body("errors.username", equalTo("'username' is a required property"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .body("{\"username\":\"bob#5\",\"amount\":1.5}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest"))
                .body("errors.amount", containsString("integer"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .body("{\"username\":\"bob#5\",\"amount\":\"lots\"}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .body("{\"username\":\"bob#5\",\"amount\":100000000000}")
                .post("/api/v2/kudos/award")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors", hasKey("amount"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .header("Idempotency-Key", "x".repeat(101)).body("{\"username\":\"bob#5\"}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors", hasKey("Idempotency-Key"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000").body("{\"username\":")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void unreachableKudosServiceIsServiceUnavailable() {
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .header("Idempotency-Key", "retry-1").body("{\"username\":\"bob#5\"}")
                .post("/api/v2/kudos/transfer")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000").body("{\"username\":\"bob#5\"}")
                .post("/api/v2/kudos/award")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().header("apikey", "some-key-0000").get("/api/v2/operator/ledger")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
    }
}
