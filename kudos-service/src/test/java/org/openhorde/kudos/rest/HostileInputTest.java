package org.openhorde.kudos.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.openhorde.kit.testing.HordeRefusals.refused;
import static org.openhorde.kit.testing.HordeRefusals.postJson;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Pins kudos-service's answers to hostile input where its parsing differs from the others' (numeric path ids,
 * usernames and transfer targets, idempotency keys): 4xx answers in the AI Horde's JSON shape with an rc, never a
 * 500 or a non-JSON body.
 */
@QuarkusTest
class HostileInputTest {



    @Test
    void repeatedKeysMalformedJsonAndWrongTypesAreBadRequests() {
        refused(postJson("/internal/users/register", "{\"username\":\"ab\",\"username\":\"ab\"}"), 400, "BadRequest");
        refused(postJson("/internal/users", "{\"username\":\"ab\",\"kudos\":1,\"concurrency\":1,\"concurrency\":{}}"),
                400, "BadRequest");
        refused(postJson("/internal/kudos/transfers", "{\"fromUserId\":1,\"amount\":"), 400, "BadRequest");
        refused(postJson("/internal/kudos/transfers", "{\"fromUserId\":\"me\",\"target\":\"a#1\",\"amount\":1}"),
                400, "BadRequest").body("errors", hasKey("fromUserId"));
        refused(given().contentType(ContentType.JSON).body("{\"trusted\":true,\"trusted\":false,\"byUserId\":1}")
                .put("/internal/users/1/trust").then(), 400, "BadRequest");
    }

    @Test
    void aNulCharacterOrAnOverlongIdentifierIsRefusedBeforeTheDatabase() {
        refused(postJson("/internal/users/register", "{\"username\":\"a\\u0000b\"}"), 400, "NulByteInPayload");
        refused(postJson("/internal/users/authenticate", "{\"apikey\":\"k\\u0000\"}"), 400, "NulByteInPayload");
        refused(postJson("/internal/kudos/transfers", "{\"fromUserId\":1,\"target\":\"" + "t".repeat(10_000)
                + "#1\",\"amount\":1}"), 400, "BadRequest").body("errors", hasKey("target"));
        refused(postJson("/internal/kudos/awards", "{\"byUserId\":1,\"target\":\"a#1\",\"amount\":1,\"idempotencyKey\":\""
                + "k".repeat(10_000) + "\"}"), 400, "BadRequest").body("errors", hasKey("idempotencyKey"));
    }

    @Test
    void pathIdsThatAreNoNumbersAndFrameworkRefusalsAreJson() {
        refused(given().get("/internal/users/not-a-number").then(), 404, "ThingNotFound");
        refused(given().urlEncodingEnabled(false).get("/internal/users/1%00").then(), 400, "NulByteInPayload");
        refused(given().get("/internal/users/" + "9".repeat(2_000)).then(), 400, "BadRequest");
        // (/{id}/trust takes PUT only: DELETE /internal/users/{id} exists since user moderation)
        refused(given().delete("/internal/users/1/trust").then(), 405, "BadRequest");
        refused(given().contentType(ContentType.TEXT).body("x").post("/internal/users/register").then(),
                415, "BadRequest");
        refused(given().accept("text/html").get("/internal/users/1").then(), 406, "BadRequest");
    }
}
