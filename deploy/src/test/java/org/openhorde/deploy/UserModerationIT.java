package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the AI Horde's user routes over the running services: who may read and change what on {@code /users/{id}}
 * (anonymous, another user, the owner, a moderator, the operator, each against the expected status and rc), the
 * privileged fields of a user's view, and that a flagged user's worker is held in maintenance and their kudos stay
 * put once the {@code UserChanged} event reached the gateway.
 */
class UserModerationIT {

    private static RunningHorde horde;
    private static String moderatorKey;
    private static String userKey;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        moderatorKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, true));
        userKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, false));
    }

    /** The callers of the matrix; the owner's key is the target's own. */
    private enum Caller { NO_KEY, ANONYMOUS, USER, OWNER, MODERATOR, OPERATOR }

    private static String keyOf(Caller caller, String ownerKey) {
        return switch (caller) {
            case NO_KEY -> null;
            case ANONYMOUS -> HordeApi.ANONYMOUS_KEY;
            case USER -> userKey;
            case OWNER -> ownerKey;
            case MODERATOR -> moderatorKey;
            case OPERATOR -> horde.operatorKey();
        };
    }

    private static RequestSpecification as(Caller caller, String ownerKey) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        String key = keyOf(caller, ownerKey);
        return key == null ? request : request.header("apikey", key);
    }

    private record Expected(int status, String rc) {
    }

    private static Expected ok() {
        return new Expected(200, null);
    }

    private static Expected refused(int status, String rc) {
        return new Expected(status, rc);
    }

    @Test
    void theAuthorizationMatrixOfPutAndDeleteUsers() {
        Map<String, Map<Caller, Expected>> matrix = new LinkedHashMap<>();
        matrix.put("{\"trusted\":true}", Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(403, "NotModerator"),
                Caller.USER, refused(403, "NotModerator"), Caller.OWNER, refused(403, "NotModerator"),
                Caller.MODERATOR, ok(), Caller.OPERATOR, ok()));
        matrix.put("{\"kudos\":10}", Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(403, "NotAdmin"),
                Caller.USER, refused(403, "NotAdmin"), Caller.OWNER, refused(403, "NotAdmin"),
                Caller.MODERATOR, refused(403, "NotAdmin"), Caller.OPERATOR, ok()));
        matrix.put("{\"moderator\":false}", Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(403, "NotAdmin"),
                Caller.USER, refused(403, "NotAdmin"), Caller.OWNER, refused(403, "NotAdmin"),
                Caller.MODERATOR, refused(403, "NotAdmin"), Caller.OPERATOR, ok()));
        matrix.put("{\"public_workers\":true}", Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(403, "NotModerator"),
                Caller.USER, refused(403, "NotModerator"), Caller.OWNER, ok(),
                Caller.MODERATOR, ok(), Caller.OPERATOR, ok()));
        matrix.put("{}", Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(400, "NoUserModSelected"),
                Caller.USER, refused(400, "NoUserModSelected"), Caller.OWNER, refused(400, "NoUserModSelected"),
                Caller.MODERATOR, refused(400, "NoUserModSelected"), Caller.OPERATOR, refused(400, "NoUserModSelected")));

        JsonPath target = WorkerMatchingIT.createUser(0, false, false);
        long id = target.getLong("id");
        String ownerKey = WorkerMatchingIT.key(target);
        List<String> wrong = new ArrayList<>();
        matrix.forEach((body, expectations) -> {
            for (Caller caller : Caller.values()) {
                Response response = as(caller, ownerKey).body(body).put("/api/v2/users/" + id);
                check(wrong, "PUT " + body + " as " + caller, expectations.get(caller), response);
            }
        });

        Map<Caller, Expected> deletion = Map.of(
                Caller.NO_KEY, refused(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused(403, "AnonForbiddenUser"),
                Caller.USER, refused(403, "NotUserOrMod"), Caller.OWNER, ok(),
                Caller.MODERATOR, ok(), Caller.OPERATOR, ok());
        for (Caller caller : Caller.values()) {
            JsonPath victim = WorkerMatchingIT.createUser(0, false, false);
            Response response = as(caller, WorkerMatchingIT.key(victim)).delete("/api/v2/users/" + victim.getLong("id"));
            check(wrong, "DELETE as " + caller, deletion.get(caller), response);
        }
        JsonPath moderator = WorkerMatchingIT.createUser(0, true, true);
        check(wrong, "DELETE a moderator as the operator", refused(403, "CannotDeleteMod"),
                as(Caller.OPERATOR, null).delete("/api/v2/users/" + moderator.getLong("id")));
        check(wrong, "DELETE the Anonymous account as the operator", refused(403, "AnonForbiddenUser"),
                as(Caller.OPERATOR, null).delete("/api/v2/users/0"));
        check(wrong, "PUT a user who does not exist", refused(404, "UserNotFound"),
                as(Caller.MODERATOR, null).body("{\"trusted\":true}").put("/api/v2/users/999999999"));
        check(wrong, "PUT a non-numeric id", refused(404, "UserNotFound"),
                as(Caller.MODERATOR, null).body("{\"trusted\":true}").put("/api/v2/users/db0"));
        check(wrong, "PUT a concurrency out of bounds", refused(400, "BadRequest"),
                as(Caller.MODERATOR, null).body("{\"concurrency\":501}").put("/api/v2/users/" + id));
        check(wrong, "PUT a username too long", refused(400, "TooLongUserName"),
                as(Caller.OWNER, ownerKey).body("{\"username\":\"" + "x".repeat(31) + "\"}")
                        .put("/api/v2/users/" + id));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theReadersPrivilegeDecidesWhichFieldsTheySee() {
        JsonPath target = WorkerMatchingIT.createUser(0, false, false);
        long id = target.getLong("id");
        String ownerKey = WorkerMatchingIT.key(target);
        as(Caller.OWNER, ownerKey).body("{\"contact\":\"owner@example.com\"}").put("/api/v2/users/" + id)
                .then().statusCode(200).body("contact", org.hamcrest.Matchers.equalTo("owner@example.com"));
        for (Caller caller : Caller.values()) {
            JsonPath view = as(caller, ownerKey).get("/api/v2/users/" + id).then().statusCode(200).extract().jsonPath();
            boolean moderator = caller == Caller.MODERATOR || caller == Caller.OPERATOR;
            boolean own = moderator || caller == Caller.OWNER;
            assertEquals(moderator, view.get("evaluating_kudos") != null, "evaluating_kudos as " + caller);
            assertEquals(own, "owner@example.com".equals(view.getString("contact")), "contact as " + caller);
            assertEquals(own, view.get("worker_ids") != null, "worker_ids as " + caller);
        }
        given().header("apikey", "not-a-key-at-all").get("/api/v2/users/" + id).then().statusCode(401)
                .body("rc", org.hamcrest.Matchers.equalTo("InvalidAPIKey"));

        List<Long> byAge = given().get("/api/v2/users?sort=age&page=1").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
        assertTrue(byAge.size() >= 2 && byAge.size() <= 25, "one page: " + byAge);
        // anonymous and the operator are created together when the horde first starts, before anyone else
        assertEquals(List.of(0L, 1L), byAge.subList(0, 2), "the oldest users first");
        List<Double> byKudos = given().get("/api/v2/users?page=1").then().statusCode(200)
                .extract().jsonPath().getList("kudos", Double.class);
        for (int i = 1; i < byKudos.size(); i++) {
            assertTrue(byKudos.get(i - 1) >= byKudos.get(i), "richest first: " + byKudos);
        }
        given().get("/api/v2/users?page=x").then().statusCode(400).body("rc", org.hamcrest.Matchers.equalTo("BadRequest"));
    }

    @Test
    void aFlaggedUsersWorkerIsInMaintenanceAndTheirKudosStayPut() {
        JsonPath owner = WorkerMatchingIT.createUser(100, false, false);
        String ownerKey = WorkerMatchingIT.key(owner);
        long id = owner.getLong("id");
        String pop = HordeApi.popBody(HordeApi.unique("flagged"), List.of("flagged-model"), 1);
        assertEquals(200, pop(ownerKey, pop).statusCode());

        as(Caller.MODERATOR, null).body("{\"flagged\":true}").put("/api/v2/users/" + id)
                .then().statusCode(200).body("flagged", org.hamcrest.Matchers.equalTo(true));
        Response held = awaitPopStatus(ownerKey, pop, 403);
        assertEquals("WorkerFlaggedMaintenance", held.jsonPath().getString("rc"), held.asString());
        Response transfer = given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"username\":\"x#1\",\"amount\":10}").post("/api/v2/kudos/transfer");
        assertEquals(400, transfer.statusCode(), transfer.asString());
        assertEquals("SourceAccountFlagged", transfer.jsonPath().getString("rc"));
        assertTrue(given().get("/api/v2/users/" + id).jsonPath().getBoolean("flagged"));

        as(Caller.MODERATOR, null).body("{\"flagged\":false}").put("/api/v2/users/" + id).then().statusCode(200);
        assertEquals(200, awaitPopStatus(ownerKey, pop, 200).statusCode());
        assertFalse(given().get("/api/v2/users/" + id).jsonPath().getBoolean("flagged"));
    }

    private static Response pop(String key, String body) {
        return given().header("apikey", key).contentType(ContentType.JSON).body(body).post("/api/v2/generate/pop");
    }

    /** The flag reaches the gateway's key cache by event; pops until it shows (the event takes milliseconds). */
    private static Response awaitPopStatus(String key, String body, int status) {
        Response response = pop(key, body);
        for (int attempt = 0; attempt < 100 && response.statusCode() != status; attempt++) {
            sleep(100);
            response = pop(key, body);
        }
        return response;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(List<String> wrong, String what, Expected expected, Response response) {
        String rc = response.statusCode() == 200 ? null : response.jsonPath().getString("rc");
        if (response.statusCode() != expected.status() || (expected.rc() != null && !expected.rc().equals(rc))) {
            wrong.add(what + ": expected " + expected + ", got " + response.statusCode() + " " + response.asString());
        }
    }
}
