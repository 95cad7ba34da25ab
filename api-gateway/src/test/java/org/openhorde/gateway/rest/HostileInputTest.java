package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.openhorde.kit.testing.HordeRefusals.refused;
import static org.openhorde.kit.testing.HordeRefusals.postJson;
import static org.openhorde.kit.testing.HordeRefusals.refusedRaw;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the public API's answers to hostile input, tried as a client would over HTTP: every request-parsing failure,
 * NUL characters, overlong values, invalid percent-encodings and framework refusals (404/405/406/415) are 4xx answers
 * in the AI Horde's JSON shape with an rc, never a 500 or a non-JSON body; {@code PUT /status/modes} takes only JSON
 * booleans.
 */
@QuarkusTest
@WithTestResource(InternalServicesStub.class)
class HostileInputTest {

    private static final String ADMIN = "stub-admin:900001";


    @Test
    void aRepeatedKeyIsMalformedJsonOnEveryBody() {
        refused(postJson("/api/v2/register", "{\"username\":\"ab\",\"kudos\":1,\"concurrency\":1,\"concurrency\":{}}"),
                400, "BadRequest");
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"prompt\":{}}"), 400, "BadRequest");
        refused(given().header("apikey", "stub:1:0:1").contentType(ContentType.JSON)
                .body("{\"username\":\"a#1\",\"amount\":1,\"amount\":2}").post("/api/v2/kudos/transfer").then(),
                400, "BadRequest");
        refused(given().header("apikey", ADMIN).contentType(ContentType.JSON)
                .body("{\"maintenance\":false,\"maintenance\":true}").put("/api/v2/status/modes").then(),
                400, "BadRequest");
    }

    @Test
    void malformedJsonAndWrongTypesAreBadRequests() {
        refused(postJson("/api/v2/register", "{\"username\":"), 400, "BadRequest");
        refused(postJson("/api/v2/register", "[1,2"), 400, "BadRequest");
        refused(postJson("/api/v2/register", "{\"username\":{\"a\":1}}"), 400, "BadRequest")
                .body("errors", hasKey("username"));
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"params\":{\"steps\":\"many\"}}"),
                400, "BadRequest").body("errors", hasKey("params.steps"));
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"params\":{\"steps\":1e400}}"),
                400, "BadRequest");
        // No silent coercion: a fraction for an integer, a number or boolean spelled as a string.
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"params\":{\"steps\":1.5}}"),
                400, "BadRequest").body("errors", hasKey("params.steps"));
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"params\":{\"steps\":\"30\"}}"),
                400, "BadRequest").body("errors", hasKey("params.steps"));
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"nsfw\":\"true\"}"),
                400, "BadRequest").body("errors", hasKey("nsfw"));
        refused(postJson("/api/v2/generate/async", "{\"prompt\":\"a\",\"nsfw\":1}"),
                400, "BadRequest").body("errors", hasKey("nsfw"));
    }

    @Test
    void aNulCharacterIsRefusedInBodiesPathsAndQueries() {
        refused(postJson("/api/v2/register", "{\"username\":\"a\\u0000b\"}"), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/api/v2/workers/name/a%00b").then(), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/api/v2/workers?name=%00").then(), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/api/v2/status/models?type=image%00").then(),
                400, "NulByteInPayload");
    }

    @Test
    void anInvalidPercentEncodingIsABadRequestInJson() throws IOException {
        refusedRaw("/api/v2/generate/status/%%00", "BadRequest");
        refusedRaw("/api/v2/generate/status/%zz", "BadRequest");
        refusedRaw("/api/v2/workers?name=%", "BadRequest");
        refusedRaw("/api/v2/workers?name=%%00", "BadRequest");
    }

    @Test
    void overlongPathAndQueryValuesAreBadRequests() {
        // Over the kit's 1,000-character bound, under the HTTP server's 4,096-byte request line.
        String huge = "w".repeat(2_000);
        refused(given().get("/api/v2/workers/name/" + huge).then(), 400, "BadRequest");
        refused(given().queryParam("name", huge).get("/api/v2/workers").then(), 400, "BadRequest");
        refused(given().get("/api/v2/generate/status/" + huge).then(), 400, "BadRequest");
    }

    @Test
    void frameworkRefusalsAreJsonWithAnRc() {
        refused(given().get("/api/v2/no/such/endpoint").then(), 404, "ThingNotFound");
        refused(given().get("/nothing-here").then(), 404, "ThingNotFound");
        refused(given().delete("/api/v2/status/heartbeat").then(), 405, "BadRequest");
        refused(given().contentType(ContentType.TEXT).body("maintenance").put("/api/v2/status/modes").then(),
                415, "BadRequest");
        for (String accept : List.of("text/plain", "text/html", "application/xml", "image/png")) {
            refused(given().accept(accept).get("/api/v2/status/heartbeat").then(), 406, "BadRequest");
            refused(given().accept(accept).get("/api/v2/no/such/endpoint").then(), 404, "ThingNotFound");
        }
        // The 406 body is the AI Horde shape, not a Java toString() such as "ErrorBody[message=...]"; the Accept is
        // refused before the body is read.
        refused(given().accept("text/plain").contentType(ContentType.JSON).body("{\"username\":")
                .post("/api/v2/register").then(), 406, "BadRequest");
    }

    @Test
    void modesTakeOnlyJsonBooleans() {
        for (String field : List.of("maintenance", "invite_only", "raid")) {
            for (String value : List.of("-1", "1", "0", "\"true\"", "\"false\"", "1e30", "\"\"", "\" \"", "null",
                    "[]", "{}", "[true]")) {
                refused(given().header("apikey", ADMIN).contentType(ContentType.JSON)
                        .body("{\"" + field + "\":" + value + "}").put("/api/v2/status/modes").then(),
                        400, "BadRequest").body("errors", hasKey(field));
            }
        }
        given().get("/api/v2/status/modes").then().statusCode(200).body("maintenance_mode", equalTo(false));
    }

    @Test
    void inviteOnlyAndRaidModesAreStoredAndReported() {
        try {
            given().header("apikey", ADMIN).contentType(ContentType.JSON)
                    .body("{\"invite_only\":true,\"raid\":true}").put("/api/v2/status/modes")
                    .then().statusCode(200)
                    .body("maintenance_mode", equalTo(false))
                    .body("invite_only_mode", equalTo(true))
                    .body("raid_mode", equalTo(true));
            given().header("apikey", ADMIN).get("/api/v2/status/modes").then().statusCode(200)
                    .body("invite_only_mode", equalTo(true)).body("raid_mode", equalTo(true));
            // Raid mode is for moderators' eyes (the AI Horde's rule): no key, no raid_mode; another key, refused.
            given().get("/api/v2/status/modes").then().statusCode(200)
                    .body("invite_only_mode", equalTo(true)).body("$", not(hasKey("raid_mode")));
            refused(given().header("apikey", "stub:900002:0:1").get("/api/v2/status/modes").then(), 403,
                    "NotModerator");
        } finally {
            given().header("apikey", ADMIN).contentType(ContentType.JSON)
                    .body("{\"invite_only\":false,\"raid\":false}").put("/api/v2/status/modes")
                    .then().statusCode(200);
        }
        given().header("apikey", ADMIN).get("/api/v2/status/modes").then().statusCode(200)
                .body("invite_only_mode", equalTo(false)).body("raid_mode", equalTo(false));
        refused(given().header("apikey", "stub:900002:0:1").contentType(ContentType.JSON)
                .body("{\"raid\":true}").put("/api/v2/status/modes").then(), 403, "NotModerator");
        refused(given().header("apikey", "stub:900002:0:1").contentType(ContentType.JSON)
                .body("{\"maintenance\":true}").put("/api/v2/status/modes").then(), 403, "NotAdmin");
    }

}
