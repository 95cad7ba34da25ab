package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins styles and collections over the running services: the authorization matrix of every style, example and
 * collection route (no key, anonymous, a user, a customizer, the owner, a moderator, the operator), a style applied
 * to an image request as the worker pops it (and a collection picking its style), a text style as the scribe pops it, {@code StyleMismatch} and
 * {@code StyleNotFound}, and the foreign-style charge: the requester pays the owner 2 kudos through the ledger, once.
 */
class StylesIT {

    private static RunningHorde horde;
    private static String userKey;
    private static String customizerKey;
    private static String ownerKey;
    private static long ownerId;
    private static String ownerAlias;
    private static String moderatorKey;

    @BeforeAll
    static void startHorde() {
        horde = RunningHorde.get();
        RestAssured.baseURI = horde.gatewayUrl();
        userKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(100, false, false));
        JsonPath owner = WorkerMatchingIT.createUser(100, true, false);
        ownerKey = WorkerMatchingIT.key(owner);
        ownerId = owner.getLong("id");
        ownerAlias = owner.getString("username");
        moderatorKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, false, true));
        JsonPath customizer = WorkerMatchingIT.createUser(0, false, false);
        customizerKey = WorkerMatchingIT.key(customizer);
        given().header("apikey", horde.operatorKey()).contentType(ContentType.JSON).body("{\"customizer\":true}")
                .put("/api/v2/users/" + customizer.getLong("id")).then().statusCode(200);
    }

    private enum Caller { NO_KEY, ANONYMOUS, USER, CUSTOMIZER, OWNER, MODERATOR, OPERATOR }

    private static RequestSpecification as(Caller caller) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        String key = switch (caller) {
            case NO_KEY -> null;
            case ANONYMOUS -> HordeApi.ANONYMOUS_KEY;
            case USER -> userKey;
            case CUSTOMIZER -> customizerKey;
            case OWNER -> ownerKey;
            case MODERATOR -> moderatorKey;
            case OPERATOR -> horde.operatorKey();
        };
        return key == null ? request : request.header("apikey", key);
    }

    /** 200, or the status and rc the AI Horde answers. */
    private record Expected(int status, String rc) {
        static Expected ok() {
            return new Expected(200, null);
        }
    }

    private static Expected refused(int status, String rc) {
        return new Expected(status, rc);
    }

    private static final List<String> failures = new ArrayList<>();

    private static Response check(String route, Caller caller, Expected expected, Response response) {
        String rc = response.statusCode() == 200 ? null : response.jsonPath().getString("rc");
        if (response.statusCode() != expected.status() || (expected.rc() != null && !expected.rc().equals(rc))) {
            failures.add(route + " as " + caller + ": expected " + expected + " but got " + response.statusCode()
                    + " " + response.asString());
        }
        return response;
    }

    private static String styleBody(String name, String model) {
        return WorkerMatchingIT.json(Map.of("name", name, "info", "a style made by StylesIT",
                "prompt", "{p}, watercolor###{np}, blurry", "params",
                Map.of("steps", 12, "sampler_name", "k_euler", "cfg_scale", 6), "models", List.of(model),
                "tags", List.of("stylesit"), "public", true));
    }

    private static String createStyle(String key, String type, String name, String model) {
        String body = type.equals("image") ? styleBody(name, model) : WorkerMatchingIT.json(Map.of("name", name,
                "info", "a text style made by StylesIT", "prompt", "### Instruction: {p}\n### Response:",
                "params", Map.of("max_length", 80), "models", List.of(model)));
        return given().header("apikey", key).contentType(ContentType.JSON).body(body)
                .post("/api/v2/styles/" + type).then().statusCode(200).body("message", equalTo("OK"))
                .extract().jsonPath().getString("id");
    }

    @Test
    void theAuthorizationMatrixOfStylesExamplesAndCollections() {
        failures.clear();
        String model = WorkerMatchingIT.unique("stylesit-model-");
        // POST /styles/image: customizers and trusted users only.
        Map<Caller, Expected> create = new LinkedHashMap<>();
        create.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        create.put(Caller.ANONYMOUS, refused(403, "StylesRequiresCustomizer"));
        create.put(Caller.USER, refused(403, "StylesRequiresCustomizer"));
        create.put(Caller.MODERATOR, refused(403, "StylesRequiresCustomizer"));
        create.put(Caller.CUSTOMIZER, Expected.ok());
        create.put(Caller.OWNER, Expected.ok());
        create.put(Caller.OPERATOR, Expected.ok());
        create.forEach((caller, expected) -> check("POST /styles/image", caller, expected, as(caller)
                .body(styleBody(WorkerMatchingIT.unique("matrix-"), model)).post("/api/v2/styles/image")));
        // What a style must be, whoever asks.
        check("POST /styles/image without {np}", Caller.OWNER, refused(400, "StylePromptMissingVars"),
                as(Caller.OWNER).body(WorkerMatchingIT.json(Map.of("name", "no-np", "info", "missing the np slot",
                        "prompt", "{p}, watercolor", "models", List.of(model)))).post("/api/v2/styles/image"));
        check("POST /styles/image with bad params", Caller.OWNER, refused(400, null), as(Caller.OWNER)
                .body(WorkerMatchingIT.json(Map.of("name", "bad-params", "info", "steps out of bounds",
                        "prompt", "{p}###{np}", "params", Map.of("steps", 100000), "models", List.of(model))))
                .post("/api/v2/styles/image"));

        String name = WorkerMatchingIT.unique("owned-");
        String id = createStyle(ownerKey, "image", name, model);
        check("POST /styles/image same name", Caller.OWNER, refused(400, "BadRequest"),
                as(Caller.OWNER).body(styleBody(name, model)).post("/api/v2/styles/image"));
        // Reading: anyone.
        for (Caller caller : Caller.values()) {
            check("GET /styles/image/{id}", caller, Expected.ok(), as(caller).get("/api/v2/styles/image/" + id));
            check("GET /styles/image_by_name", caller, Expected.ok(),
                    as(caller).get("/api/v2/styles/image_by_name/" + ownerAlias + "::" + name));
        }
        as(Caller.NO_KEY).get("/api/v2/styles/image/" + id).then().body("creator", equalTo(ownerAlias))
                .body("models", equalTo(List.of(model))).body("params.steps", equalTo(12))
                .body("public", equalTo(true));
        as(Caller.NO_KEY).queryParam("model", model).queryParam("sort", "age").get("/api/v2/styles/image")
                .then().statusCode(200).body("id", hasItem(id));
        check("GET /styles/image?sort=nope", Caller.NO_KEY, refused(400, "BadRequest"),
                as(Caller.NO_KEY).queryParam("sort", "nope").get("/api/v2/styles/image"));
        check("GET /styles/text/{image id}", Caller.NO_KEY, refused(400, "StyleGetMistmatch"),
                as(Caller.NO_KEY).get("/api/v2/styles/text/" + id));
        check("GET /styles/image/{unknown}", Caller.NO_KEY, refused(404, "StyleNotFound"),
                as(Caller.NO_KEY).get("/api/v2/styles/image/00000000-0000-0000-0000-000000000000"));
        // PATCH: the owner only.
        Map<Caller, Expected> patch = new LinkedHashMap<>();
        patch.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        patch.put(Caller.ANONYMOUS, refused(403, "Forbidden"));
        patch.put(Caller.USER, refused(403, "Forbidden"));
        patch.put(Caller.MODERATOR, refused(403, "Forbidden"));
        patch.put(Caller.OPERATOR, refused(403, "Forbidden"));
        patch.put(Caller.OWNER, Expected.ok());
        patch.forEach((caller, expected) -> check("PATCH /styles/image/{id}", caller, expected, as(caller)
                .body("{\"info\":\"changed by " + caller + "\"}").patch("/api/v2/styles/image/" + id)));
        as(Caller.NO_KEY).get("/api/v2/styles/image/" + id).then().body("info", equalTo("changed by OWNER"));

        // Examples: the owner or a moderator.
        Map<Caller, Expected> addExample = new LinkedHashMap<>();
        addExample.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        addExample.put(Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"));
        addExample.put(Caller.USER, refused(403, "Forbidden"));
        addExample.put(Caller.OWNER, Expected.ok());
        addExample.put(Caller.MODERATOR, Expected.ok());
        addExample.put(Caller.OPERATOR, Expected.ok());
        Map<Caller, String> examples = new LinkedHashMap<>();
        addExample.forEach((caller, expected) -> {
            Response answer = check("POST /styles/image/{id}/example", caller, expected, as(caller)
                    .body("{\"url\":\"https://example.org/" + caller + ".webp\"}")
                    .post("/api/v2/styles/image/" + id + "/example"));
            if (answer.statusCode() == 200) {
                examples.put(caller, answer.jsonPath().getString("id"));
            }
        });
        check("POST a duplicate example", Caller.OWNER, refused(400, "ExampleURLAlreadyInUse"), as(Caller.OWNER)
                .body("{\"url\":\"https://example.org/OWNER.webp\"}").post("/api/v2/styles/image/" + id + "/example"));
        check("POST a fourth example", Caller.OWNER, Expected.ok(), as(Caller.OWNER)
                .body("{\"url\":\"https://example.org/fourth.webp\"}").post("/api/v2/styles/image/" + id + "/example"));
        check("POST a fifth example", Caller.OWNER, refused(403, "TooManyStyleExamples"), as(Caller.OWNER)
                .body("{\"url\":\"https://example.org/fifth.webp\"}").post("/api/v2/styles/image/" + id + "/example"));
        String exampleRoute = "/api/v2/styles/image/" + id + "/example/" + examples.get(Caller.OWNER);
        Map<Caller, Expected> changeExample = new LinkedHashMap<>();
        changeExample.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        changeExample.put(Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"));
        changeExample.put(Caller.USER, refused(403, "Forbidden"));
        changeExample.put(Caller.OWNER, Expected.ok());
        changeExample.put(Caller.MODERATOR, Expected.ok());
        changeExample.forEach((caller, expected) -> check("PATCH example", caller, expected, as(caller)
                .body("{\"url\":\"https://example.org/" + caller + "-changed.webp\",\"primary\":true}")
                .patch(exampleRoute)));
        check("DELETE example", Caller.NO_KEY, refused(401, "InvalidAPIKey"), as(Caller.NO_KEY).delete(exampleRoute));
        check("DELETE example", Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"),
                as(Caller.ANONYMOUS).delete(exampleRoute));
        check("DELETE example", Caller.USER, refused(403, "Forbidden"), as(Caller.USER).delete(exampleRoute));
        check("DELETE example", Caller.MODERATOR, Expected.ok(), as(Caller.MODERATOR).delete(exampleRoute));
        check("DELETE example", Caller.OWNER, refused(404, "StyleExampleNotFound"),
                as(Caller.OWNER).delete(exampleRoute));
        check("DELETE example", Caller.OWNER, Expected.ok(), as(Caller.OWNER)
                .delete("/api/v2/styles/image/" + id + "/example/" + examples.get(Caller.MODERATOR)));

        // Text styles, and collections: registered users create, the owner changes, owner or moderator deletes.
        String textName = WorkerMatchingIT.unique("text-");
        check("POST /styles/text", Caller.USER, refused(403, "StylesRequiresCustomizer"), as(Caller.USER)
                .body("{\"name\":\"t\",\"prompt\":\"{p} as a poem\",\"models\":[\"m\"]}").post("/api/v2/styles/text"));
        String textId = createStyle(ownerKey, "text", textName, "koboldcpp/" + model);
        check("GET /styles/text_by_name", Caller.NO_KEY, Expected.ok(),
                as(Caller.NO_KEY).get("/api/v2/styles/text_by_name/" + textName));
        check("PATCH /styles/text/{id}", Caller.USER, refused(403, "Forbidden"),
                as(Caller.USER).body("{\"nsfw\":true}").patch("/api/v2/styles/text/" + textId));
        check("PATCH /styles/text/{id}", Caller.OWNER, Expected.ok(),
                as(Caller.OWNER).body("{\"nsfw\":true}").patch("/api/v2/styles/text/" + textId));
        String collectionName = WorkerMatchingIT.unique("collection-");
        String members = "\"styles\":[\"" + id + "\"]";
        Map<Caller, Expected> createCollection = new LinkedHashMap<>();
        createCollection.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        createCollection.put(Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"));
        createCollection.put(Caller.USER, Expected.ok());
        createCollection.put(Caller.MODERATOR, Expected.ok());
        createCollection.put(Caller.OPERATOR, Expected.ok());
        createCollection.forEach((caller, expected) -> check("POST /collections", caller, expected, as(caller)
                .body("{\"name\":\"" + WorkerMatchingIT.unique("c-") + "\"," + members + "}")
                .post("/api/v2/collections")));
        check("POST /collections mixed", Caller.OWNER, refused(400, "StyleMismatch"), as(Caller.OWNER)
                .body("{\"name\":\"mixed\",\"styles\":[\"" + id + "\",\"" + textId + "\"]}")
                .post("/api/v2/collections"));
        String collectionId = as(Caller.OWNER).body("{\"name\":\"" + collectionName + "\"," + members + "}")
                .post("/api/v2/collections").then().statusCode(200).extract().jsonPath().getString("id");
        for (Caller caller : Caller.values()) {
            check("GET /collections/{id}", caller, Expected.ok(), as(caller).get("/api/v2/collections/" + collectionId));
        }
        as(Caller.NO_KEY).get("/api/v2/collection_by_name/" + collectionName).then().statusCode(200)
                .body("type", equalTo("image")).body("styles[0].id", equalTo(id));
        as(Caller.NO_KEY).queryParam("type", "image").get("/api/v2/collections").then().statusCode(200);
        Map<Caller, Expected> patchCollection = new LinkedHashMap<>();
        patchCollection.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        patchCollection.put(Caller.USER, refused(403, "Forbidden"));
        patchCollection.put(Caller.MODERATOR, refused(403, "Forbidden"));
        patchCollection.put(Caller.OWNER, Expected.ok());
        patchCollection.forEach((caller, expected) -> check("PATCH /collections/{id}", caller, expected,
                as(caller).body("{\"info\":\"changed\"}").patch("/api/v2/collections/" + collectionId)));
        check("DELETE /collections/{id}", Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"),
                as(Caller.ANONYMOUS).delete("/api/v2/collections/" + collectionId));
        check("DELETE /collections/{id}", Caller.USER, refused(403, "Forbidden"),
                as(Caller.USER).delete("/api/v2/collections/" + collectionId));
        check("DELETE /collections/{id}", Caller.MODERATOR, Expected.ok(),
                as(Caller.MODERATOR).delete("/api/v2/collections/" + collectionId));
        check("GET /collections/{deleted}", Caller.NO_KEY, refused(404, "CollectionNotFound"),
                as(Caller.NO_KEY).get("/api/v2/collections/" + collectionId));

        // DELETE a style: the owner or a moderator.
        Map<Caller, Expected> delete = new LinkedHashMap<>();
        delete.put(Caller.NO_KEY, refused(401, "InvalidAPIKey"));
        delete.put(Caller.ANONYMOUS, refused(403, "StylesAnonForbidden"));
        delete.put(Caller.USER, refused(403, "Forbidden"));
        delete.forEach((caller, expected) -> check("DELETE /styles/image/{id}", caller, expected,
                as(caller).delete("/api/v2/styles/image/" + id)));
        check("DELETE /styles/image/{id}", Caller.MODERATOR, Expected.ok(),
                as(Caller.MODERATOR).delete("/api/v2/styles/image/" + id));
        check("DELETE /styles/text/{id}", Caller.OWNER, Expected.ok(),
                as(Caller.OWNER).delete("/api/v2/styles/text/" + textId));
        check("DELETE /styles/image/{deleted}", Caller.OWNER, refused(404, "StyleNotFound"),
                as(Caller.OWNER).delete("/api/v2/styles/image/" + id));
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @Test
    void aForeignStyleShapesTheRequestTheWorkerPopsAndPaysItsOwner() {
        String model = WorkerMatchingIT.unique("stylesit-pop-");
        String name = WorkerMatchingIT.unique("applied-");
        String styleId = createStyle(ownerKey, "image", name, model);
        String collectionName = WorkerMatchingIT.unique("applied-collection-");
        given().header("apikey", ownerKey).contentType(ContentType.JSON)
                .body("{\"name\":\"" + collectionName + "\",\"styles\":[\"" + styleId + "\"]}")
                .post("/api/v2/collections").then().statusCode(200);
        JsonPath requester = WorkerMatchingIT.createUser(100, false, false);
        String requesterKey = WorkerMatchingIT.key(requester);
        double styledBefore = styled(ownerId);

        // The user's prompt goes into the template; the style's params and models replace the user's (n stays).
        String body = WorkerMatchingIT.json(Map.of("prompt", "a red fox###ugly", "style", styleId,
                "params", Map.of("steps", 40, "width", 576, "height", 512, "n", 1),
                "models", List.of("stable_diffusion"), "nsfw", false, "r2", true));
        String requestId = given().header("apikey", requesterKey).contentType(ContentType.JSON).body(body)
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
        String workerOwnerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        JsonPath pop = WorkerMatchingIT.popUntil(workerOwnerKey,
                WorkerMatchingIT.popBody(WorkerMatchingIT.unique("stylesit-worker-"), model, Map.of()), requestId);
        assertEquals("a red fox, watercolor###ugly, blurry", pop.getString("payload.prompt"));
        assertEquals(12, pop.getInt("payload.ddim_steps"));
        assertEquals("k_euler", pop.getString("payload.sampler_name"));
        assertEquals(576, pop.getInt("payload.width"));
        assertEquals(model, pop.getString("model"));

        // A collection picks its (only) style; the style's owner is paid once per request.
        String second = given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body(body.replace(styleId, ownerAlias + "::" + collectionName))
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> styled(ownerId) == styledBefore + 4);
        // The requester paid those 4 kudos (nothing else is charged before a job is delivered).
        long requesterId = requester.getLong("id");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> kudos(requesterId) == 96.0);
        given().get("/api/v2/collection_by_name/" + ownerAlias + "::" + collectionName).then()
                .body("use_count", equalTo(1));
        given().get("/api/v2/styles/image/" + styleId).then().body("use_count", equalTo(2));
        // The owner's own style costs nothing extra.
        String own = given().header("apikey", ownerKey).contentType(ContentType.JSON).body(body)
                .post("/api/v2/generate/async").then().statusCode(202).extract().jsonPath().getString("id");

        // Wrong type and unknown styles are refused before anything is queued.
        String textStyle = createStyle(ownerKey, "text", WorkerMatchingIT.unique("text-"), "koboldcpp/" + model);
        given().header("apikey", requesterKey).contentType(ContentType.JSON).body(body.replace(styleId, textStyle))
                .post("/api/v2/generate/async").then().statusCode(400).body("rc", equalTo("StyleMismatch"));
        given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body("{\"prompt\":\"a poem\",\"style\":\"" + styleId + "\"}")
                .post("/api/v2/generate/text/async").then().statusCode(400).body("rc", equalTo("StyleMismatch"));
        given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body(body.replace(styleId, "no-such-style-anywhere"))
                .post("/api/v2/generate/async").then().statusCode(404).body("rc", equalTo("StyleNotFound"));

        for (String request : List.of(requestId, second, own)) {
            given().delete("/api/v2/generate/status/" + request).then().statusCode(200);
        }
        assertEquals(styledBefore + 4, styled(ownerId), 0.001, "paid once per request, however often asked");
        LedgerAuditor.assertSettledLedgerHolds(horde.serviceUrl(2));
    }

    @Test
    void aTextStyleShapesTheTextRequestTheScribePops() {
        String model = "koboldcpp/" + WorkerMatchingIT.unique("stylesit-text-");
        String styleId = createStyle(ownerKey, "text", WorkerMatchingIT.unique("text-applied-"), model);
        String requesterKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(100, false, false));
        String requestId = given().header("apikey", requesterKey).contentType(ContentType.JSON)
                .body(WorkerMatchingIT.json(Map.of("prompt", "Tell me a poem", "style", styleId,
                        "params", Map.of("n", 1, "max_length", 200), "models", List.of("other/model"))))
                .post("/api/v2/generate/text/async").then().statusCode(202).extract().jsonPath().getString("id");
        String scribeOwnerKey = WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, true, false));
        JsonPath pop = TextGenerationIT.popJob(scribeOwnerKey, WorkerMatchingIT.unique("stylesit-scribe-"), model);
        assertEquals("### Instruction: Tell me a poem\n### Response:", pop.getString("payload.prompt"));
        assertEquals(80, pop.getInt("payload.max_length"));
        assertEquals(model, pop.getString("model"));
        given().delete("/api/v2/generate/text/status/" + requestId).then().statusCode(200);
    }

    private static double kudos(long userId) {
        return given().get("/api/v2/users/" + userId).then().statusCode(200).extract().jsonPath().getDouble("kudos");
    }

    private static double styled(long userId) {
        return given().get("/api/v2/users/" + userId).then().statusCode(200).extract().jsonPath()
                .getDouble("kudos_details.styled");
    }
}
