package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modernmt.text.profanity.dictionary.Dictionary;
import com.modernmt.text.profanity.dictionary.Profanity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins issue 19's moderation routes over the running services: who may call {@code /filters*} and
 * {@code /workers/messages*} (an authorization matrix per route), a prompt matching both filter groups refused with
 * {@code CorruptPrompt} and recorded for the moderators (or sanitized when the request allows it), a worker's
 * messages in its pops, and profane worker names, worker info and usernames refused with the AI Horde's codes.
 * Benign fixture words only; the profane fixture is read from the dictionary the services use.
 */
class PromptFilterIT {

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

    private enum Caller { NO_KEY, ANONYMOUS, USER, OWNER, MODERATOR, OPERATOR }

    private record Expected(int status, String rc) {
    }

    private static RequestSpecification as(Caller caller, String ownerKey) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        String key = switch (caller) {
            case NO_KEY -> null;
            case ANONYMOUS -> HordeApi.ANONYMOUS_KEY;
            case USER -> userKey;
            case OWNER -> ownerKey;
            case MODERATOR -> moderatorKey;
            case OPERATOR -> horde.operatorKey();
        };
        return key == null ? request : request.header("apikey", key);
    }

    /** Moderators' routes: no key 401, anonymous and users (the owner is a user here) 403 NotModerator. */
    private static Map<Caller, Expected> moderatorsOnly() {
        Expected refused = new Expected(403, "NotModerator");
        return Map.of(Caller.NO_KEY, new Expected(401, "InvalidAPIKey"), Caller.ANONYMOUS, refused,
                Caller.USER, refused, Caller.OWNER, refused, Caller.MODERATOR, new Expected(200, null),
                Caller.OPERATOR, new Expected(200, null));
    }

    @Test
    void theFilterRoutesAreForModeratorsOnly() {
        String ownerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, false));
        String fixture = HordeApi.unique("authzfixture").toLowerCase(Locale.ROOT);
        long id = as(Caller.MODERATOR, null).body(filter(fixture, 20)).put("/api/v2/filters")
                .then().statusCode(200).extract().jsonPath().getLong("id");
        Map<String, Function<RequestSpecification, Response>> routes = new java.util.LinkedHashMap<>();
        routes.put("GET /filters", r -> r.get("/api/v2/filters?filter_type=20&contains=" + fixture));
        routes.put("PUT /filters", r -> r.body(filter(fixture, 20)).put("/api/v2/filters"));
        routes.put("POST /filters", r -> r.body("{\"prompt\":\"a " + fixture + "\"}").post("/api/v2/filters"));
        routes.put("GET /filters/regex", r -> r.get("/api/v2/filters/regex"));
        routes.put("GET /filters/blocked", r -> r.get("/api/v2/filters/blocked"));
        routes.put("GET /filters/{id}", r -> r.get("/api/v2/filters/" + id));
        routes.put("PATCH /filters/{id}", r -> r.body("{\"description\":\"checked\"}").patch("/api/v2/filters/" + id));
        List<String> wrong = new ArrayList<>();
        routes.forEach((route, call) -> {
            for (Caller caller : Caller.values()) {
                check(wrong, route + " as " + caller, moderatorsOnly().get(caller), call.apply(as(caller, ownerKey)));
            }
        });
        for (Caller caller : Caller.values()) {
            long victim = as(Caller.MODERATOR, null).body(filter(HordeApi.unique("deletefixture"), 20))
                    .put("/api/v2/filters").then().statusCode(200).extract().jsonPath().getLong("id");
            check(wrong, "DELETE /filters/{id} as " + caller, moderatorsOnly().get(caller),
                    as(caller, ownerKey).delete("/api/v2/filters/" + victim));
        }
        check(wrong, "PATCH nothing", new Expected(400, "NoFilterModSelected"),
                as(Caller.MODERATOR, null).body("{}").patch("/api/v2/filters/" + id));
        check(wrong, "an unknown filter", new Expected(404, "ThingNotFound"),
                as(Caller.MODERATOR, null).get("/api/v2/filters/999999999"));
        check(wrong, "an invalid regex", new Expected(400, null),
                as(Caller.MODERATOR, null).body(filter("([", 10)).put("/api/v2/filters"));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        as(Caller.MODERATOR, null).delete("/api/v2/filters/" + id).then().statusCode(200);
    }

    @Test
    void aMinorTermWithAnNsfwTermIsRefusedAndRecordedOrSanitized() {
        String minor = HordeApi.unique("forbiddenfixtureword").toLowerCase(Locale.ROOT);
        String nsfw = HordeApi.unique("nsfwfixtureword").toLowerCase(Locale.ROOT);
        JsonPath first = as(Caller.MODERATOR, null).body(filter(minor, 10, "harmless")).put("/api/v2/filters")
                .then().statusCode(200).extract().jsonPath();
        JsonPath second = as(Caller.MODERATOR, null).body(filter(nsfw, 20)).put("/api/v2/filters")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(first.getString("user").contains("#"), first.prettify());

        JsonPath checked = as(Caller.MODERATOR, null).body("{\"prompt\":\"a " + minor + " and " + nsfw + "\"}")
                .post("/api/v2/filters").then().statusCode(200).extract().jsonPath();
        assertEquals("2", checked.getString("suspicion"));
        assertEquals(List.of(minor, nsfw), checked.getList("matches"));

        JsonPath requester = WorkerMatchingIT.createUser(100, false, false);
        String key = WorkerMatchingIT.key(requester);
        String prompt = "a " + minor + " with " + nsfw;
        Response refused = given().header("apikey", key).contentType(ContentType.JSON)
                .body(HordeApi.requestBody("stable_diffusion", 1, prompt).replace("\"shared\": false",
                        "\"shared\": false, \"replacement_filter\": false"))
                .post("/api/v2/generate/async");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("CorruptPrompt", refused.jsonPath().getString("rc"));
        List<String> blocked = as(Caller.MODERATOR, null).get("/api/v2/filters/blocked?user_id="
                + requester.getLong("id")).then().statusCode(200).extract().jsonPath().getList("prompt");
        assertEquals(List.of(prompt), blocked);

        // Allowed to, the horde sanitizes instead: the first group's term replaced, the request queued.
        Response sanitized = given().header("apikey", key).contentType(ContentType.JSON)
                .body(HordeApi.requestBody("stable_diffusion", 1, prompt)).post("/api/v2/generate/async");
        assertEquals(202, sanitized.statusCode(), sanitized.asString());
        given().delete("/api/v2/generate/status/" + sanitized.jsonPath().getString("id"));

        as(Caller.MODERATOR, null).delete("/api/v2/filters/" + first.getString("id")).then().statusCode(200);
        as(Caller.MODERATOR, null).delete("/api/v2/filters/" + second.getString("id")).then().statusCode(200);
    }

    @Test
    void workerMessagesByMatrixAndInThePop() {
        String ownerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String model = HordeApi.unique("msgmodel");
        String workerName = HordeApi.unique("msgworker");
        given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(HordeApi.popBody(workerName, List.of(model), 1)).post("/api/v2/generate/pop")
                .then().statusCode(200);
        String workerId = workerIdOf(ownerKey);

        String body = "{\"worker_id\":\"" + workerId + "\",\"message\":\"please update\",\"expiry\":1}";
        Map<Caller, Expected> sending = Map.of(Caller.NO_KEY, new Expected(401, "InvalidAPIKey"),
                Caller.ANONYMOUS, new Expected(403, "AnonForbidden"),
                Caller.USER, new Expected(403, "MessagesOnlyOwnWorkers"), Caller.OWNER, new Expected(200, null),
                Caller.MODERATOR, new Expected(200, null), Caller.OPERATOR, new Expected(200, null));
        List<String> wrong = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            Response response = as(caller, ownerKey).body(body).post("/api/v2/workers/messages");
            check(wrong, "POST /workers/messages as " + caller, sending.get(caller), response);
            if (response.statusCode() == 200) {
                sent.add(response.jsonPath().getString("id"));
            }
        }
        Map<Caller, Expected> listing = Map.of(Caller.NO_KEY, new Expected(401, "InvalidAPIKey"),
                Caller.ANONYMOUS, new Expected(200, null), Caller.USER, new Expected(200, null),
                Caller.OWNER, new Expected(200, null), Caller.MODERATOR, new Expected(200, null),
                Caller.OPERATOR, new Expected(200, null));
        for (Caller caller : Caller.values()) {
            check(wrong, "GET /workers/messages as " + caller, listing.get(caller),
                    as(caller, ownerKey).get("/api/v2/workers/messages?worker_id=" + workerId));
            check(wrong, "GET /workers/messages/{id} as " + caller, new Expected(200, null),
                    as(caller, ownerKey).get("/api/v2/workers/messages/" + sent.get(0)));
        }
        List<String> ownersView = as(Caller.OWNER, ownerKey).get("/api/v2/workers/messages?worker_id=" + workerId)
                .then().extract().jsonPath().getList("id");
        assertEquals(3, ownersView.size(), ownersView.toString());
        check(wrong, "GET another user's messages as USER", new Expected(403, "Forbidden"),
                as(Caller.USER, ownerKey).get("/api/v2/workers/messages?user_id=1"));

        JsonPath popped = given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(HordeApi.popBody(workerName, List.of(model), 1))
                .post("/api/v2/generate/pop").then().statusCode(200).extract().jsonPath();
        assertTrue(popped.getList("messages.message").contains("please update"), popped.prettify());

        Map<Caller, Expected> deleting = Map.of(Caller.NO_KEY, new Expected(401, "InvalidAPIKey"),
                Caller.ANONYMOUS, new Expected(403, "Forbidden"), Caller.USER, new Expected(403, "Forbidden"),
                Caller.OWNER, new Expected(200, null), Caller.MODERATOR, new Expected(200, null),
                Caller.OPERATOR, new Expected(200, null));
        for (Caller caller : Caller.values()) {
            String id = as(Caller.MODERATOR, null).body(body).post("/api/v2/workers/messages")
                    .then().statusCode(200).extract().jsonPath().getString("id");
            check(wrong, "DELETE /workers/messages/{id} as " + caller, deleting.get(caller),
                    as(caller, ownerKey).delete("/api/v2/workers/messages/" + id));
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void profaneNamesAndInfoAreRefused() {
        String profane = profaneWord();
        String ownerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        Response newWorker = given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(HordeApi.popBody("worker " + profane, List.of("profanity-model"), 1)).post("/api/v2/generate/pop");
        assertEquals("ProfaneWorkerName", newWorker.jsonPath().getString("rc"), newWorker.asString());
        assertEquals(400, newWorker.statusCode());

        given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body(HordeApi.popBody(HordeApi.unique("cleanworker"), List.of("profanity-model"), 1)).post("/api/v2/generate/pop")
                .then().statusCode(200);
        String workerId = workerIdOf(ownerKey);
        Response info = given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"info\":\"my " + profane + " rig\"}").put("/api/v2/workers/" + workerId);
        assertEquals("ProfaneWorkerInfo", info.jsonPath().getString("rc"), info.asString());
        given().header("apikey", ownerKey).contentType(ContentType.JSON).body("{\"info\":\"a friendly rig\"}")
                .put("/api/v2/workers/" + workerId).then().statusCode(200);

        JsonPath user = WorkerMatchingIT.createUser(0, false, false);
        Response username = given().header("apikey", WorkerMatchingIT.key(user)).contentType(ContentType.JSON)
                .body("{\"username\":\"the " + profane + "\"}").put("/api/v2/users/" + user.getLong("id"));
        assertEquals("ProfaneUserName", username.jsonPath().getString("rc"), username.asString());
    }

    @Test
    void theAiHordeJavaScriptClientsFilterCallsWork() {
        NodeScripts.Outcome outcome = NodeScripts.runScript(horde.root(), "filters-client.mjs", Map.of(
                "HORDE_URL", horde.gatewayUrl(), "MODERATOR_KEY", moderatorKey, "USER_KEY", userKey,
                "FIXTURE", HordeApi.unique("npmfixture").toLowerCase(Locale.ROOT)), java.time.Duration.ofSeconds(60));
        assertTrue(outcome.succeeded(), outcome.output());
    }

    /** A strongly scored single word of the services' dictionary, read at test time rather than typed here. */
    static String profaneWord() {
        try (InputStream in = Dictionary.class.getResourceAsStream("/com/modernmt/text/profanity/dictionary.en")) {
            Dictionary dictionary = Dictionary.read("en", in);
            return StreamSupport.stream(dictionary.spliterator(), false)
                    .filter(word -> word.score() >= 0.9f && word.text().matches("[a-z]{5,}"))
                    .map(Profanity::text).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String workerIdOf(String ownerKey) {
        return given().header("apikey", ownerKey).get("/api/v2/find_user")
                .then().statusCode(200).extract().jsonPath().getString("worker_ids[0]");
    }

    private static String filter(String regex, int type) {
        return filter(regex, type, "");
    }

    private static String filter(String regex, int type, String replacement) {
        return "{\"regex\":\"" + regex + "\",\"filter_type\":" + type + ",\"description\":\"fixture\","
                + "\"replacement\":\"" + replacement + "\"}";
    }

    private static void check(List<String> wrong, String what, Expected expected, Response response) {
        String rc = response.statusCode() == 200 ? null : response.jsonPath().getString("rc");
        if (response.statusCode() != expected.status() || (expected.rc() != null && !expected.rc().equals(rc))) {
            wrong.add(what + ": expected " + expected + ", got " + response.statusCode() + " " + response.asString());
        }
    }
}
