package org.openhorde.kudos.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins registration, operator-created users (with their concurrency) and API key authentication against the real
 * PostgreSQL.
 */
@QuarkusTest
class UserAccountsTest {

    private static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registeredUserGetsAKeyOnceAndAuthenticatesWithIt() {
        String name = uniqueName("reg");
        String apikey = given().contentType(ContentType.JSON).body("{\"username\":\"" + name + "\"}")
                .post("/internal/users/register")
                .then().statusCode(201)
                .body("username", startsWith(name + "#"))
                .body("apikey", hasLength(22))
                .body("kudos", equalTo(0))
                .extract().path("apikey");

        given().contentType(ContentType.JSON).body("{\"apikey\":\"" + apikey + "\"}")
                .post("/internal/users/authenticate")
                .then().statusCode(200)
                .body("username", equalTo(name))
                .body("kudos", equalTo(0))
                .body("anonymous", equalTo(false))
                .body("pseudonymous", equalTo(true))
                .body("kudosDetails.accumulated", equalTo(0));
    }

    @Test
    void operatorCreatedUserStartsWithMintedKudos() {
        String name = uniqueName("op");
        Integer id = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"kudos\":100000,\"trusted\":true,\"createdByUserId\":1}")
                .post("/internal/users")
                .then().statusCode(201).extract().path("id");

        given().get("/internal/users/" + id)
                .then().statusCode(200)
                .body("kudos", equalTo(100000))
                .body("trusted", equalTo(true))
                .body("kudosDetails.admin", equalTo(100000))
                .body("concurrency", equalTo(30));
        given().get("/internal/ledger/invariant").then().statusCode(200).body("holds", equalTo(true));
    }

    @Test
    void theOperatorMaySetAUsersConcurrency() {
        Integer id = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + uniqueName("busy") + "\",\"kudos\":0,\"createdByUserId\":1,"
                        + "\"concurrency\":120}")
                .post("/internal/users")
                .then().statusCode(201).extract().path("id");
        given().get("/internal/users/" + id).then().statusCode(200).body("concurrency", equalTo(120));
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + uniqueName("idle") + "\",\"kudos\":0,\"createdByUserId\":1,"
                        + "\"concurrency\":0}")
                .post("/internal/users")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void anonymousKeyIsTheAnonymousUserAtMinusFifty() {
        given().contentType(ContentType.JSON).body("{\"apikey\":\"0000000000\"}")
                .post("/internal/users/authenticate")
                .then().statusCode(200)
                .body("id", equalTo(0))
                .body("anonymous", equalTo(true))
                .body("kudos", equalTo(-5000));
    }

    @Test
    void operatorKeyFromConfigurationIsAnAdmin() {
        given().contentType(ContentType.JSON).body("{\"apikey\":\"test-operator-key-0001\"}")
                .post("/internal/users/authenticate")
                .then().statusCode(200)
                .body("id", equalTo(1))
                .body("admin", equalTo(true));
    }

    @Test
    void unknownKeyIsRejectedWithInvalidApiKey() {
        given().contentType(ContentType.JSON).body("{\"apikey\":\"not-a-real-key-000\"}")
                .post("/internal/users/authenticate")
                .then().statusCode(401)
                .body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void badInputIsA400WithAnRc() {
        given().contentType(ContentType.JSON).body("{\"username\":\"a#b\"}")
                .post("/internal/users/register")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("{\"username\":")
                .post("/internal/users/register")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("{\"username\":\"x-" + "y".repeat(40) + "\"}")
                .post("/internal/users/register")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().get("/internal/users/999999999")
                .then().statusCode(404).body("rc", equalTo("UserNotFound"));
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"neg" + UUID.randomUUID().toString().substring(0, 6) + "\",\"kudos\":-1}")
                .post("/internal/users")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
    }
}
