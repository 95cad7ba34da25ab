package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the public surface that needs no other service: heartbeat, CORS, unknown request and user ids, worker
 * endpoints without a key; and that an unreachable internal service is a 503 with an rc, never a 500.
 */
@QuarkusTest
class PublicApiTest {

    private static final String POP = """
            {"name":"test-worker","models":["stable_diffusion"],"bridge_agent":"AI Horde Worker reGen:9.0.2:x"}
            """;

    @Test
    void heartbeatSaysOkWithTheProjectVersion() {
        given().get("/api/v2/status/heartbeat")
                .then().statusCode(200)
                .body("message", equalTo("OK"))
                .body("version", matchesPattern("\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void everyOriginMayCallTheApiWithAnApiKey() {
        // Quarkus allows every origin by naming the caller's, which browsers treat like "*" (no credentials).
        String origin = "https://client-" + UUID.randomUUID() + ".example";
        given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "apikey,client-agent,content-type")
                .options("/api/v2/generate/async")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .header("Access-Control-Allow-Credentials", equalTo("false"))
                .header("Access-Control-Allow-Headers", containsString("apikey"))
                .header("Access-Control-Allow-Headers", containsString("Client-Agent"));
        given().header("Origin", origin).get("/api/v2/status/heartbeat")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(origin));
    }

    @Test
    void unknownOrMalformedRequestIdsAreRequestNotFound() {
        String unknown = UUID.randomUUID().toString();
        given().get("/api/v2/generate/check/" + unknown)
                .then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"))
                .body("message", equalTo("Image Waiting Prompt (Check) with ID '" + unknown + "' not found."));
        given().get("/api/v2/generate/status/" + unknown)
                .then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"))
                .body("message", equalTo("Image Waiting Prompt (Status) with ID '" + unknown + "' not found."));
        given().get("/api/v2/generate/check/not-a-uuid").then().statusCode(404).body("rc", equalTo("RequestNotFound"));
        given().get("/api/v2/generate/status/1-1-1-1-1").then().statusCode(404).body("rc", equalTo("RequestNotFound"));
    }

    @Test
    void workerEndpointsNeedAnApiKey() {
        given().contentType(ContentType.JSON).body(POP).post("/api/v2/generate/pop")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
        given().contentType(ContentType.JSON)
                .body("{\"id\":\"" + UUID.randomUUID() + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1234}")
                .post("/api/v2/generate/submit")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void popWithoutModelsIsRefusedBeforeTheKeyIsChecked() {
        given().contentType(ContentType.JSON).body("{\"name\":\"test-worker\",\"models\":[]}")
                .post("/api/v2/generate/pop")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors.models", containsString("[]"));
    }

    @Test
    void userIdsAreDigitsOnly() {
        given().get("/api/v2/users/abc")
                .then().statusCode(404)
                .body("rc", equalTo("UserNotFound"))
                .body("message", equalTo("Please use only the numerical part of the userID. E.g. the '1' in 'db0#1'"));
    }

    @Test
    void findUserNeedsAnApiKey() {
        given().get("/api/v2/find_user").then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void operatorUsersNeedAnApiKey() {
        given().contentType(ContentType.JSON).body("{\"username\":\"someone\",\"kudos\":10}")
                .post("/api/v2/operator/users")
                .then().statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void unreachableKudosServiceIsServiceUnavailable() {
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000")
                .body("{\"prompt\":\"a lighthouse on a cliff at dusk\"}")
                .post("/api/v2/generate/async")
                .then().statusCode(503)
                .body("rc", equalTo("ServiceUnavailable"))
                .body("message", containsString("kudos-service"));
        given().contentType(ContentType.JSON).header("apikey", "some-key-0000").body(POP)
                .post("/api/v2/generate/pop")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().header("apikey", "some-key-0000").get("/api/v2/find_user")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().get("/api/v2/users/1").then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
        given().contentType(ContentType.JSON).body("{\"username\":\"newcomer\"}").post("/api/v2/register")
                .then().statusCode(503).body("rc", equalTo("ServiceUnavailable"));
    }

    @Test
    void openApiDescribesThePublicApi() {
        given().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("info.title", equalTo("OpenHorde AI Horde API v2"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v2/generate/async"));
    }

    @Test
    void unknownRoutesAreNotFoundWithAnRc() {
        given().get("/api/v2/no/such/thing").then().statusCode(404).body("rc", equalTo("ThingNotFound"));
    }
}
