package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the /workers endpoints' answers that need no other service: malformed ids, change validation (checked
 * before the key, as the AI Horde validates payloads first), missing keys, and 503 when job-service is down.
 */
@QuarkusTest
class WorkersApiTest {

    private static String worker() {
        return "/api/v2/workers/" + UUID.randomUUID();
    }

    @Test
    void malformedIdsAreWorkerNotFound() {
        given().get("/api/v2/workers/not-a-uuid").then().statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().contentType(ContentType.JSON).body("{\"maintenance\":true}").header("apikey", "somekey")
                .put("/api/v2/workers/1-1-1-1-1").then().statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().header("apikey", "somekey").delete("/api/v2/workers/xyz").then().statusCode(404)
                .body("rc", equalTo("WorkerNotFound"));
    }

    @Test
    void aChangeMustChangeSomething() {
        given().contentType(ContentType.JSON).body("{}").header("apikey", "somekey").put(worker())
                .then().statusCode(400).body("rc", equalTo("NoWorkerModSelected"));
        given().contentType(ContentType.JSON).body("{\"maintenance_msg\":\"only a message\"}")
                .header("apikey", "somekey").put(worker())
                .then().statusCode(400).body("rc", equalTo("NoWorkerModSelected"));
    }

    @Test
    void namesAndInfoHaveLimits() {
        given().contentType(ContentType.JSON).body("{\"name\":\"abc\"}").header("apikey", "somekey").put(worker())
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors.name", notNullValue());
        given().contentType(ContentType.JSON).body("{\"name\":\"" + "n".repeat(101) + "\"}")
                .header("apikey", "somekey").put(worker())
                .then().statusCode(400).body("rc", equalTo("TooLongWorkerName"));
        given().contentType(ContentType.JSON).body("{\"info\":\"" + "i".repeat(1001) + "\"}")
                .header("apikey", "somekey").put(worker())
                .then().statusCode(400).body("errors.info", notNullValue());
    }

    @Test
    void changesAndDeletionsNeedAKey() {
        given().contentType(ContentType.JSON).body("{\"maintenance\":true}").put(worker())
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
        given().delete(worker()).then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void unknownWorkerTypesAreRejected() {
        given().queryParam("type", "alien").get("/api/v2/workers")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors.type", notNullValue());
    }

    @Test
    void aDownJobServiceIsA503() {
        given().get(worker()).then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().get("/api/v2/workers").then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().get("/api/v2/workers/name/some-worker").then().statusCode(503);
    }
}
