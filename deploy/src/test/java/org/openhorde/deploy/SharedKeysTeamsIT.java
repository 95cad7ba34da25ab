package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the AI Horde's shared keys and teams over the running services: an authorization matrix for every route
 * (no key, anonymous, a user, the owner, a moderator, the operator → status and rc); a request paid with a shared
 * key is charged to the key's owner exactly once and counted against the key (ledger audit); the key's limits, its
 * budget, and its deletion reach the gateway; a worker joins a team and the team shows its figures; and the AI
 * Horde's own JavaScript client makes its shared-key and team calls.
 */
class SharedKeysTeamsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    private static Expected ok() {
        return new Expected(200, null);
    }

    private static Expected refused(int status, String rc) {
        return new Expected(status, rc);
    }

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

    private static Map<Caller, Expected> matrix(Expected noKey, Expected anonymous, Expected user, Expected owner,
                                                Expected moderator, Expected operator) {
        Map<Caller, Expected> matrix = new EnumMap<>(Caller.class);
        matrix.put(Caller.NO_KEY, noKey);
        matrix.put(Caller.ANONYMOUS, anonymous);
        matrix.put(Caller.USER, user);
        matrix.put(Caller.OWNER, owner);
        matrix.put(Caller.MODERATOR, moderator);
        matrix.put(Caller.OPERATOR, operator);
        return matrix;
    }

    /** Runs one route for every caller; {@code call} gets the caller's request and answers the response. */
    private static void run(List<String> wrong, String route, Map<Caller, Expected> expected, String ownerKey,
                            Function<RequestSpecification, Response> call) {
        for (Caller caller : Caller.values()) {
            check(wrong, route + " as " + caller, expected.get(caller), call.apply(as(caller, ownerKey)));
        }
    }

    private static void check(List<String> wrong, String what, Expected expected, Response response) {
        String rc = response.statusCode() == 200 ? null : response.jsonPath().getString("rc");
        if (response.statusCode() != expected.status() || (expected.rc() != null && !expected.rc().equals(rc))) {
            wrong.add(what + ": expected " + expected + ", got " + response.statusCode() + " " + response.asString());
        }
    }

    private static String createKey(String ownerKey, String body) {
        return given().header("apikey", ownerKey).contentType(ContentType.JSON).body(body).put("/api/v2/sharedkeys")
                .then().statusCode(200).extract().jsonPath().getString("id");
    }

    @Test
    void theAuthorizationMatrixOfSharedKeys() {
        List<String> wrong = new ArrayList<>();
        JsonPath owner = WorkerMatchingIT.createUser(0, false, false);
        String ownerKey = WorkerMatchingIT.key(owner);
        run(wrong, "PUT /sharedkeys", matrix(refused(401, "InvalidAPIKey"), refused(403, "AnonForbidden"), ok(),
                ok(), ok(), ok()), ownerKey, request -> request.body("{\"name\":\"matrix\"}").put("/api/v2/sharedkeys"));
        String keyId = createKey(ownerKey, "{\"name\":\"app key\",\"kudos\":50}");

        run(wrong, "GET /sharedkeys/{id}", matrix(ok(), ok(), ok(), ok(), ok(), ok()), ownerKey,
                request -> request.get("/api/v2/sharedkeys/" + keyId));
        Expected notYours = refused(403, "Forbidden");
        run(wrong, "PATCH /sharedkeys/{id}", matrix(refused(401, "InvalidAPIKey"), notYours, notYours, ok(), notYours,
                notYours), ownerKey, request -> request.body("{\"name\":\"renamed\"}").patch("/api/v2/sharedkeys/" + keyId));
        check(wrong, "PATCH nothing", refused(400, "NoSharedKeyModSelected"),
                as(Caller.OWNER, ownerKey).body("{}").patch("/api/v2/sharedkeys/" + keyId));
        check(wrong, "PUT a budget out of range", refused(400, null),
                as(Caller.OWNER, ownerKey).body("{\"kudos\":50000001}").put("/api/v2/sharedkeys"));
        // The owner made one key in the matrix and one above: an untrusted user holds at most three.
        createKey(ownerKey, "{\"name\":\"third\"}");
        check(wrong, "PUT a fourth key", refused(403, "Forbidden"),
                as(Caller.OWNER, ownerKey).body("{\"name\":\"fourth\"}").put("/api/v2/sharedkeys"));
        Map<Caller, Expected> deletion = matrix(refused(401, "InvalidAPIKey"), notYours, notYours, ok(), notYours,
                notYours);
        // The owner last: once the key is gone, everybody else would hear 401 instead of their refusal.
        for (Caller caller : List.of(Caller.NO_KEY, Caller.ANONYMOUS, Caller.USER, Caller.MODERATOR, Caller.OPERATOR,
                Caller.OWNER)) {
            check(wrong, "DELETE /sharedkeys/{id} as " + caller, deletion.get(caller),
                    as(caller, ownerKey).delete("/api/v2/sharedkeys/" + keyId));
        }
        check(wrong, "GET a deleted key", refused(401, "InvalidAPIKey"),
                as(Caller.NO_KEY, null).get("/api/v2/sharedkeys/" + keyId));
        check(wrong, "GET a malformed id", refused(401, "InvalidAPIKey"),
                as(Caller.NO_KEY, null).get("/api/v2/sharedkeys/not-a-key"));

        JsonPath details = given().get("/api/v2/sharedkeys/" + createKeyFor(moderatorKey)).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(5000, details.getInt("kudos"), "the AI Horde's default budget");
        assertEquals(-1, details.getInt("max_image_pixels"));
        assertEquals(0, details.getInt("utilized"));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static String createKeyFor(String ownerKey) {
        return createKey(ownerKey, "{}");
    }

    @Test
    void theAuthorizationMatrixOfTeams() {
        List<String> wrong = new ArrayList<>();
        String ownerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String name = HordeApi.unique("matrix-team-");
        // The operator's account is trusted, as a moderator's is here.
        run(wrong, "POST /teams", matrix(refused(401, "InvalidAPIKey"), refused(403, "AnonForbidden"),
                refused(403, "UntrustedTeamCreation"), ok(), ok(), ok()), ownerKey,
                request -> request.body("{\"name\":\"" + HordeApi.unique("t-") + "\",\"info\":\"the matrix\"}")
                        .post("/api/v2/teams"));
        String teamId = as(Caller.OWNER, ownerKey).body("{\"name\":\"" + name + "\",\"info\":\"ours\"}")
                .post("/api/v2/teams").then().statusCode(200).extract().jsonPath().getString("id");
        check(wrong, "POST a taken name", refused(400, "TeamNameAlreadyExists"),
                as(Caller.MODERATOR, null).body("{\"name\":\"" + name.toUpperCase() + "\"}").post("/api/v2/teams"));
        // The horde's one dictionary check (decision 0037); the profane fixture is read from that dictionary.
        String profane = PromptFilterIT.profaneWord();
        check(wrong, "POST a profane name", refused(400, "ProfaneTeamName"),
                as(Caller.MODERATOR, null).body("{\"name\":\"team " + profane + "\",\"info\":\"fine\"}")
                        .post("/api/v2/teams"));
        check(wrong, "PATCH a profane info", refused(400, "ProfaneTeamInfo"),
                as(Caller.OWNER, ownerKey).body("{\"info\":\"our " + profane + " team\"}")
                        .patch("/api/v2/teams/" + teamId));
        check(wrong, "POST a name too short", refused(400, null),
                as(Caller.OWNER, ownerKey).body("{\"name\":\"ab\"}").post("/api/v2/teams"));

        run(wrong, "GET /teams", matrix(ok(), ok(), ok(), ok(), ok(), ok()), ownerKey,
                request -> request.get("/api/v2/teams"));
        Expected notModerator = refused(403, "NotModerator");
        run(wrong, "GET /teams/{id}", matrix(ok(), notModerator, notModerator, notModerator, ok(), ok()), ownerKey,
                request -> request.get("/api/v2/teams/" + teamId));
        Expected notOwner = refused(403, "NotOwner");
        run(wrong, "PATCH /teams/{id} info", matrix(refused(401, "InvalidAPIKey"), notOwner, notOwner, ok(), ok(),
                ok()), ownerKey, request -> request.body("{\"info\":\"changed\"}").patch("/api/v2/teams/" + teamId));
        run(wrong, "PATCH /teams/{id} name", matrix(refused(401, "InvalidAPIKey"), notModerator, notModerator, ok(),
                ok(), ok()), ownerKey, request -> request.body("{\"name\":\"" + HordeApi.unique("renamed-") + "\"}")
                .patch("/api/v2/teams/" + teamId));
        check(wrong, "PATCH nothing", refused(400, "NoTeamModSelected"),
                as(Caller.OWNER, ownerKey).body("{}").patch("/api/v2/teams/" + teamId));
        check(wrong, "GET an unknown team", refused(404, "TeamNotFound"),
                as(Caller.NO_KEY, null).get("/api/v2/teams/" + java.util.UUID.randomUUID()));
        for (Caller caller : Caller.values()) {
            // Every deletion on a team of its own, so that one caller's success does not decide the next one's.
            String victim = as(Caller.OWNER, ownerKey).body("{\"name\":\"" + HordeApi.unique("gone-") + "\"}")
                    .post("/api/v2/teams").then().statusCode(200).extract().jsonPath().getString("id");
            Expected expected = matrix(refused(401, "InvalidAPIKey"), notModerator, notModerator, ok(), ok(), ok())
                    .get(caller);
            check(wrong, "DELETE /teams/{id} as " + caller, expected,
                    as(caller, ownerKey).delete("/api/v2/teams/" + victim));
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aSharedKeysRequestIsChargedToItsOwnerOnceAndItsWorkerCountsForItsTeam() throws Exception {
        JsonPath ownerAccount = WorkerMatchingIT.createUser(1000, true, false);
        String ownerKey = WorkerMatchingIT.key(ownerAccount);
        String workerOwnerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String model = HordeApi.unique("keysteams-model-");
        String workerName = HordeApi.unique("keysteams-worker-");

        // The worker exists after its first pop, then joins a team of its owner's.
        WorkerMatchingIT.pop(workerOwnerKey, WorkerMatchingIT.popBody(workerName, model, Map.of())).statusCode(200);
        String workerId = given().get("/api/v2/workers/name/" + workerName).then().statusCode(200).extract()
                .jsonPath().getString("id");
        String teamName = HordeApi.unique("keysteams-team-");
        String teamId = given().header("apikey", workerOwnerKey).contentType(ContentType.JSON)
                .body("{\"name\":\"" + teamName + "\"}").post("/api/v2/teams").then().statusCode(200)
                .extract().jsonPath().getString("id");
        given().header("apikey", userKey).contentType(ContentType.JSON).body("{\"team\":\"" + teamId + "\"}")
                .put("/api/v2/workers/" + workerId).then().statusCode(403)
                .body("rc", org.hamcrest.Matchers.equalTo("NotModerator"));
        given().header("apikey", workerOwnerKey).contentType(ContentType.JSON)
                .body("{\"team\":\"" + java.util.UUID.randomUUID() + "\"}").put("/api/v2/workers/" + workerId)
                .then().statusCode(404).body("rc", org.hamcrest.Matchers.equalTo("TeamNotFound"));
        given().header("apikey", workerOwnerKey).contentType(ContentType.JSON).body("{\"team\":\"" + teamId + "\"}")
                .put("/api/v2/workers/" + workerId).then().statusCode(200)
                .body("team", org.hamcrest.Matchers.equalTo(teamName));
        given().get("/api/v2/workers/" + workerId).then().statusCode(200)
                .body("team.id", org.hamcrest.Matchers.equalTo(teamId))
                .body("team.name", org.hamcrest.Matchers.equalTo(teamName));

        // The key: small enough that limits and budget are reachable.
        String keyId = createKey(ownerKey, "{\"name\":\"my app\",\"kudos\":200,\"max_image_steps\":25}");
        JsonPath found = given().header("apikey", keyId).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(ownerAccount.getString("username") + " (Shared Key: my app)", found.getString("username"));
        assertEquals(ownerAccount.getLong("id"), found.getLong("id"));
        assertTrue(found.get("sharedkey_ids") == null, "a key's holder sees the owner as the public does");
        List<String> ownKeys = given().header("apikey", ownerKey).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath().getList("sharedkey_ids", String.class);
        assertTrue(ownKeys.contains(keyId), "the owner sees their keys: " + ownKeys);
        given().header("apikey", keyId).contentType(ContentType.JSON).body(requestBody(model, 30))
                .post("/api/v2/generate/async").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("limited to 25 steps"));
        String tinyKey = createKey(ownerKey, "{\"name\":\"tiny\",\"kudos\":1}");
        given().header("apikey", tinyKey).contentType(ContentType.JSON).body(requestBody(model, 20))
                .post("/api/v2/generate/async").then().statusCode(403)
                .body("rc", org.hamcrest.Matchers.equalTo("SharedKeyInsufficientKudos"));

        double ownerBefore = kudosOf(ownerKey);
        String requestId = given().header("apikey", keyId).contentType(ContentType.JSON).body(requestBody(model, 20))
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> WorkerMatchingIT.pop(workerOwnerKey, WorkerMatchingIT.popBody(workerName, model, Map.of()))
                        .statusCode(200).extract().jsonPath(), pop -> pop.getString("id") != null);
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(job.getString("r2_upload")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(java.util.Base64.getDecoder()
                        .decode(WorkerMatchingIT.png()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        given().header("apikey", workerOwnerKey).contentType(ContentType.JSON)
                .body("{\"id\":\"" + job.getString("id") + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then().statusCode(200);

        // Settlement charges the owner and counts the cost against the key, in one transaction.
        JsonPath key = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v2/sharedkeys/" + keyId).then().statusCode(200).extract().jsonPath(),
                        k -> k.getInt("utilized") > 0);
        double charged = ownerBefore - kudosOf(ownerKey);
        assertTrue(charged > 0, "the owner paid: " + charged);
        assertEquals(Math.round(charged), key.getInt("utilized"), "the key counted what its owner paid");
        assertEquals(200 - Math.round(charged), key.getInt("kudos"), 1, "the budget shrank by it");
        given().get("/api/v2/generate/status/" + requestId).then().statusCode(200)
                .body("done", org.hamcrest.Matchers.equalTo(true));
        JsonNode audit = LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
        assertEquals(0, audit.path("duplicateSettlements").asLong());

        // The team shows its worker and what it did.
        JsonPath team = given().get("/api/v2/teams/" + teamId).then().statusCode(200).extract().jsonPath();
        assertEquals(1, team.getInt("worker_count"));
        assertEquals(workerName, team.getString("workers[0].name"));
        assertEquals(1, team.getInt("requests_fulfilled"));
        assertTrue(team.getDouble("contributions") > 0, team.prettify());
        assertTrue(team.getDouble("kudos") > 0, team.prettify());

        // Emptied, then deleted: the gateway (which cached the key when it paid) learns both by event.
        given().header("apikey", ownerKey).contentType(ContentType.JSON).body("{\"kudos\":0}")
                .patch("/api/v2/sharedkeys/" + keyId).then().statusCode(200);
        awaitAsyncRc(keyId, model, 403, "SharedKeyEmpty");
        given().header("apikey", ownerKey).delete("/api/v2/sharedkeys/" + keyId).then().statusCode(200);
        awaitAsyncRc(keyId, model, 401, "InvalidAPIKey");

        // The worker leaves its team.
        given().header("apikey", workerOwnerKey).contentType(ContentType.JSON).body("{\"team\":\"\"}")
                .put("/api/v2/workers/" + workerId).then().statusCode(200)
                .body("team", org.hamcrest.Matchers.equalTo("None"));
        assertEquals(0, given().get("/api/v2/teams/" + teamId).jsonPath().getInt("worker_count"));
    }

    /**
     * Decision 0044: a style owner attaches one of their keys to a style; requests using the style are paid through
     * the key (its owner charged once through the ledger, the key's spent count grows, its per-job limits not applied,
     * no foreign-style fee since the owner pays); the key is refused as an apikey while assigned; an empty key leaves
     * the requester to pay (and the 2-kudos fee to the owner); deleting the key detaches it.
     */
    @Test
    void aStylesSharedKeyPaysForItsRequestsOnceAndIsNoApikeyWhileAssigned() throws Exception {
        JsonPath ownerAccount = WorkerMatchingIT.createUser(1000, true, false);
        String ownerKey = WorkerMatchingIT.key(ownerAccount);
        String strangerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String requesterKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(500, false, false));
        String workerOwnerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        String model = HordeApi.unique("stylekey-model-");
        String workerName = HordeApi.unique("stylekey-worker-");
        WorkerMatchingIT.pop(workerOwnerKey, WorkerMatchingIT.popBody(workerName, model, Map.of())).statusCode(200);

        // Limited to 10 steps: the style asks 20, which the AI Horde lets a style's own key pay for.
        String keyId = createKey(ownerKey, "{\"name\":\"style sponsor\",\"kudos\":300,\"max_image_steps\":10}");
        String emptyKey = createKey(ownerKey, "{\"name\":\"spent\"}");
        given().header("apikey", ownerKey).contentType(ContentType.JSON).body("{\"kudos\":0}")
                .patch("/api/v2/sharedkeys/" + emptyKey).then().statusCode(200);
        String strangersKey = createKey(strangerKey, "{\"name\":\"not yours\"}");

        List<String> wrong = new ArrayList<>();
        check(wrong, "POST style, sharedkey not a key", refused(400, "SharedKeyInvalid"),
                styleCall(ownerKey, "image", HordeApi.unique("sk-"), model, "not-a-shared-key"));
        check(wrong, "POST style, sharedkey nobody's", refused(400, "SharedKeyInvalid"),
                styleCall(ownerKey, "image", HordeApi.unique("sk-"), model, java.util.UUID.randomUUID().toString()));
        check(wrong, "POST style, sharedkey empty", refused(400, "SharedKeyEmpty"),
                styleCall(ownerKey, "image", HordeApi.unique("sk-"), model, emptyKey));
        check(wrong, "POST style, someone else's key", refused(403, "Forbidden"),
                styleCall(strangerKey, "image", HordeApi.unique("sk-"), model, keyId));
        check(wrong, "POST style by a user who may not create styles", refused(403, "StylesRequiresCustomizer"),
                styleCall(requesterKey, "image", HordeApi.unique("sk-"), model, keyId));
        Response created = styleCall(ownerKey, "image", HordeApi.unique("sk-"), model, keyId);
        check(wrong, "POST style with the owner's key", ok(), created);
        String styleId = created.jsonPath().getString("id");
        check(wrong, "PATCH a stranger's style with their own key", refused(403, "Forbidden"),
                given().header("apikey", strangerKey).contentType(ContentType.JSON)
                        .body("{\"sharedkey\":\"" + strangersKey + "\"}").patch("/api/v2/styles/image/" + styleId));
        Response textStyle = styleCall(ownerKey, "text", HordeApi.unique("sk-text-"), model, null);
        check(wrong, "POST text style", ok(), textStyle);
        String textStyleId = textStyle.jsonPath().getString("id");
        check(wrong, "PATCH text style with the owner's key", ok(), given().header("apikey", ownerKey)
                .contentType(ContentType.JSON).body("{\"sharedkey\":\"" + keyId + "\"}")
                .patch("/api/v2/styles/text/" + textStyleId));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));

        // Everyone sees that the style is sponsored; only its owner sees the key's id.
        JsonPath seen = given().get("/api/v2/styles/image/" + styleId).then().statusCode(200).extract().jsonPath();
        assertEquals("style sponsor", seen.getString("shared_key.name"), seen.prettify());
        assertEquals(null, seen.getString("shared_key.id"), seen.prettify());
        assertEquals(null, given().header("apikey", requesterKey).get("/api/v2/styles/image/" + styleId)
                .jsonPath().getString("shared_key.id"));
        assertEquals(keyId, given().header("apikey", ownerKey).get("/api/v2/styles/image/" + styleId)
                .jsonPath().getString("shared_key.id"));
        assertEquals(keyId, given().header("apikey", ownerKey).get("/api/v2/styles/text/" + textStyleId)
                .jsonPath().getString("shared_key.id"));

        // Assigned to styles, the key is no apikey any more.
        awaitAsyncRc(keyId, model, 403, "SharedKeyAssignedStyles");

        // Paid through the key: the owner once, the key counts it, the requester pays nothing (no style fee either).
        double ownerBefore = kudosOf(ownerKey);
        double requesterBefore = kudosOf(requesterKey);
        generateWithStyle(requesterKey, styleId, workerOwnerKey, workerName, model);
        JsonPath key = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v2/sharedkeys/" + keyId).then().statusCode(200).extract().jsonPath(),
                        k -> k.getInt("utilized") > 0);
        double charged = ownerBefore - kudosOf(ownerKey);
        assertTrue(charged > 0, "the style's owner paid: " + charged);
        assertEquals(Math.round(charged), key.getInt("utilized"), "the key counted what its owner paid");
        assertEquals(300 - Math.round(charged), key.getInt("kudos"), 1, "the key's budget shrank by it");
        assertEquals(requesterBefore, kudosOf(requesterKey), 0.001, "the requester paid nothing");

        // An empty key pays for nothing: the requester pays, and pays the owner the AI Horde's 2 kudos.
        given().header("apikey", ownerKey).contentType(ContentType.JSON).body("{\"kudos\":0}")
                .patch("/api/v2/sharedkeys/" + keyId).then().statusCode(200);
        awaitAsyncRc(keyId, model, 403, "SharedKeyEmpty");
        double ownerBeforeFallback = kudosOf(ownerKey);
        double requesterBeforeFallback = kudosOf(requesterKey);
        generateWithStyle(requesterKey, styleId, workerOwnerKey, workerName, model);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> requesterBeforeFallback - kudosOf(requesterKey) > 2);
        assertEquals(ownerBeforeFallback + 2, kudosOf(ownerKey), 0.001, "the owner got the style fee only");
        assertEquals(Math.round(charged), given().get("/api/v2/sharedkeys/" + keyId).jsonPath().getInt("utilized"),
                "the empty key counted nothing more");

        JsonNode audit = LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
        assertEquals(0, audit.path("duplicateSettlements").asLong());

        // Deleted, the key leaves its styles.
        given().header("apikey", ownerKey).delete("/api/v2/sharedkeys/" + keyId).then().statusCode(200);
        given().header("apikey", ownerKey).get("/api/v2/styles/image/" + styleId).then().statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("shared_key")));
        given().get("/api/v2/styles/text/" + textStyleId).then().statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("shared_key")));
    }

    private static Response styleCall(String apikey, String type, String name, String model, String sharedkey) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("info", "a style with a sponsor");
        body.put("prompt", "image".equals(type) ? "{p}, oil on canvas###{np}" : "{p} in verse");
        body.put("models", List.of(model));
        if ("image".equals(type)) {
            body.put("params", Map.of("sampler_name", "k_euler_a", "width", 512, "height", 512, "steps", 20));
        }
        if (sharedkey != null) {
            body.put("sharedkey", sharedkey);
        }
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(WorkerMatchingIT.json(body))
                .post("/api/v2/styles/" + type);
    }

    /** One image request with the style, generated by the worker and settled. */
    private static void generateWithStyle(String apikey, String styleId, String workerOwnerKey, String workerName,
                                          String model) throws Exception {
        String requestId = given().header("apikey", apikey).contentType(ContentType.JSON)
                .body("{\"prompt\": \"a lighthouse\", \"style\": \"" + styleId + "\", \"params\": {\"n\": 1},"
                        + " \"r2\": true, \"shared\": false}")
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath job = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> WorkerMatchingIT.pop(workerOwnerKey, WorkerMatchingIT.popBody(workerName, model, Map.of()))
                        .statusCode(200).extract().jsonPath(), pop -> pop.getString("id") != null);
        assertEquals(20, job.getInt("payload.ddim_steps"), "the style's steps, above the key's limit");
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(job.getString("r2_upload")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(java.util.Base64.getDecoder()
                        .decode(WorkerMatchingIT.png()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        given().header("apikey", workerOwnerKey).contentType(ContentType.JSON)
                .body("{\"id\":\"" + job.getString("id") + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .get("/api/v2/generate/status/" + requestId).jsonPath().getBoolean("done"));
    }

    @Test
    void theAiHordeJavaScriptClientsSharedKeyAndTeamCallsWork() {
        String trustedKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(100, true, false));
        NodeScripts.Outcome outcome = NodeScripts.runScript(horde.root(), "keys-teams-client.mjs", Map.of(
                "HORDE_URL", horde.gatewayUrl(), "USER_KEY", trustedKey, "MODERATOR_KEY", moderatorKey,
                "TEAM_NAME", HordeApi.unique("npm-team-")), Duration.ofSeconds(60));
        assertTrue(outcome.succeeded(), outcome.output());
    }

    /** The key's change reaches the gateway's cache by event, within milliseconds; polls until it shows. */
    private static void awaitAsyncRc(String apikey, String model, int status, String rc) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = given().header("apikey", apikey).contentType(ContentType.JSON)
                    .body(requestBody(model, 20)).post("/api/v2/generate/async");
            return response.statusCode() == status && rc.equals(response.jsonPath().getString("rc"));
        });
    }

    private static String requestBody(String model, int steps) {
        return """
                {"prompt": "a key on a string", "params": {"sampler_name": "k_euler_a", "width": 512, "height": 512,
                 "steps": %d, "n": 1}, "models": ["%s"], "nsfw": false, "r2": true, "shared": false}
                """.formatted(steps, model);
    }

    private static double kudosOf(String apikey) {
        return given().header("apikey", apikey).get("/api/v2/find_user").then().statusCode(200).extract().jsonPath()
                .getDouble("kudos");
    }
}
