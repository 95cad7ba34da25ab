package org.openhorde.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the worker registry over the running services: workers are created by their first pop and owned by the
 * key's user, names are unique, owners have caps, paused workers get decoys, the /workers views and their
 * privileges, changes and deletion by owners and moderators with the AI Horde's codes, and uptime rewards reaching
 * the owner's balance.
 */
class WorkerRegistryIT {

    @BeforeAll
    static void startHorde() {
        RestAssured.baseURI = RunningHorde.get().gatewayUrl();
    }

    private static String newUser(boolean trusted, boolean moderator) {
        return WorkerMatchingIT.key(WorkerMatchingIT.createUser(0, trusted, moderator));
    }

    private static ValidatableResponse pop(String apikey, String name, String model) {
        return WorkerMatchingIT.pop(apikey, WorkerMatchingIT.popBody(name, model, Map.of()));
    }

    private static ValidatableResponse put(String apikey, String workerId, Map<String, Object> change) {
        return given().header("apikey", apikey).contentType(ContentType.JSON).body(WorkerMatchingIT.json(change))
                .put("/api/v2/workers/" + workerId).then();
    }

    private static ValidatableResponse delete(String apikey, String workerId) {
        return given().header("apikey", apikey).delete("/api/v2/workers/" + workerId).then();
    }

    private static String unique(String prefix) {
        return WorkerMatchingIT.unique(prefix);
    }

    @Test
    void aNameBelongsToItsFirstOwnerAndAnonymousCannotRunWorkers() {
        String owner = newUser(false, false);
        String name = unique("reg-");
        pop(owner, name, unique("m-")).statusCode(200);
        pop(newUser(false, false), name, unique("m-")).statusCode(403).body("rc", equalTo("WrongCredentials"));
        pop("0000000000", unique("anon-"), unique("m-")).statusCode(403).body("rc", equalTo("AnonForbiddenWorker"));
    }

    @Test
    void untrustedOwnersAreCappedAtFourTrustedOnesAtTwentyOne() {
        String untrusted = newUser(false, false);
        for (int i = 0; i < 4; i++) {
            pop(untrusted, unique("cap-"), unique("m-")).statusCode(200);
        }
        pop(untrusted, unique("cap-"), unique("m-")).statusCode(403).body("rc", equalTo("TooManyWorkers"));
        String trusted = newUser(true, false);
        for (int i = 0; i < 21; i++) {
            pop(trusted, unique("cap-"), unique("m-")).statusCode(200);
        }
        pop(trusted, unique("cap-"), unique("m-")).statusCode(403).body("rc", equalTo("TooManyWorkersTrusted"));
    }

    @Test
    void aPausedWorkerIsTrickedWithADecoyThatPaysAndDeliversNothing() {
        String owner = newUser(false, false);
        String name = unique("paused-");
        String model = unique("it-model-");
        Map<String, Object> body = WorkerMatchingIT.popBody(name, model, Map.of());
        pop(owner, name, model).statusCode(200);
        String workerId = WorkerMatchingIT.workerId(name);
        put(newUser(false, true), workerId, Map.of("paused", true)).statusCode(200);

        String requestId = WorkerMatchingIT.request(WorkerMatchingIT.key(WorkerMatchingIT.createUser(1000, false,
                false)), model, Map.of(), Map.of());
        WorkerMatchingIT.awaitQueued(requestId);
        JsonPath decoy = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> WorkerMatchingIT.pop(owner, body).statusCode(200).extract().jsonPath(),
                        job -> job.getString("id") != null);
        assertEquals("a lighthouse on a cliff", decoy.getString("payload.prompt"));
        String decoyId = decoy.getString("id");

        double reward = given().header("apikey", owner).contentType(ContentType.JSON)
                .body("{\"id\":\"" + decoyId + "\",\"generation\":\"R2\",\"state\":\"ok\",\"seed\":1}")
                .post("/api/v2/generate/submit").then().statusCode(200).extract().jsonPath().getDouble("reward");
        assertTrue(reward > 0, "answered as if paid: " + reward);
        given().get("/api/v2/generate/check/" + requestId).then().statusCode(200)
                .body("waiting", equalTo(1)).body("finished", equalTo(0)).body("processing", equalTo(0));
        given().get("/api/v2/workers/" + workerId).then().statusCode(200).body("requests_fulfilled", equalTo(0));

        // the image is still there for an honest worker
        String honest = newUser(false, false);
        WorkerMatchingIT.popUntil(honest, WorkerMatchingIT.popBody(unique("honest-"), model, Map.of()), requestId);
    }

    @Test
    void workerViewsShowOwnerAndPausedOnlyToOwnersAndModerators() {
        String owner = newUser(false, false);
        String name = unique("view-");
        String model = unique("m-");
        pop(owner, name, model).statusCode(200);
        String id = WorkerMatchingIT.workerId(name);

        given().get("/api/v2/workers/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo(name))
                .body("type", equalTo("image"))
                .body("online", equalTo(true))
                .body("models", equalTo(List.of(model)))
                .body("max_pixels", equalTo(1048576))
                .body("trusted", equalTo(false))
                .body("flagged", equalTo(false))
                .body("maintenance_mode", equalTo(false))
                .body("requests_fulfilled", equalTo(0))
                .body("kudos_details", hasKey("uptime"))
                .body("$", hasKey("post-processing"))
                .body("$", not(hasKey("owner")))
                .body("$", not(hasKey("paused")));
        given().header("apikey", owner).get("/api/v2/workers/" + id).then().statusCode(200)
                .body("owner", equalTo(ownerAlias(owner)))
                .body("paused", equalTo(false));
        given().header("apikey", newUser(false, true)).get("/api/v2/workers/name/" + name.toUpperCase()).then()
                .statusCode(200).body("id", equalTo(id)).body("$", hasKey("owner"));

        given().queryParam("name", name).get("/api/v2/workers").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(id));
        given().get("/api/v2/workers").then().statusCode(200).body("id", hasItem(id));
        given().queryParam("type", "interrogation").queryParam("name", name).get("/api/v2/workers").then()
                .statusCode(200).body("", hasSize(0));
        given().header("apikey", owner).get("/api/v2/find_user").then().body("worker_ids", hasItem(id));
    }

    private static String ownerAlias(String apikey) {
        JsonPath user = given().header("apikey", apikey).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath();
        return user.getString("username");  // find_user's username is the alias, name#id
    }

    @Test
    void ownersChangeTheirWorkersStrangersCannotAndOnlyModeratorsPause() {
        String owner = newUser(false, false);
        String name = unique("put-");
        pop(owner, name, unique("m-")).statusCode(200);
        String id = WorkerMatchingIT.workerId(name);
        String renamed = unique("renamed-");

        put(owner, id, Map.of("maintenance", true, "info", "two 3090s", "name", renamed)).statusCode(200)
                .body("maintenance", equalTo(true)).body("info", equalTo("two 3090s"))
                .body("name", equalTo(renamed));
        given().get("/api/v2/workers/name/" + renamed).then().statusCode(200)
                .body("maintenance_mode", equalTo(true)).body("info", equalTo("two 3090s"));
        put(owner, id, Map.of("maintenance", false)).statusCode(200);

        String stranger = newUser(false, false);
        put(stranger, id, Map.of("maintenance", true)).statusCode(403).body("rc", equalTo("NotOwner"));
        put(owner, id, Map.of("paused", true)).statusCode(403).body("rc", equalTo("NotModerator"));
        put(newUser(false, true), id, Map.of("paused", true)).statusCode(200).body("paused", equalTo(true));
        given().header("apikey", owner).get("/api/v2/workers/" + id).then().body("paused", equalTo(true));

        String other = unique("taken-");
        pop(stranger, other, unique("m-")).statusCode(200);
        put(owner, id, Map.of("name", other)).statusCode(400).body("rc", equalTo("WorkerNameAlreadyExists"));
        put(owner, id, Map.of()).statusCode(400).body("rc", equalTo("NoWorkerModSelected"));
        put(owner, UUID.randomUUID().toString(), Map.of("info", "x")).statusCode(404)
                .body("rc", equalTo("WorkerNotFound"));
        put("not-a-key", id, Map.of("info", "x")).statusCode(401).body("rc", equalTo("InvalidAPIKey"));
    }

    @Test
    void ownersAndModeratorsDeleteWorkers() {
        String owner = newUser(false, false);
        String name = unique("del-");
        pop(owner, name, unique("m-")).statusCode(200);
        String id = WorkerMatchingIT.workerId(name);

        delete(newUser(false, false), id).statusCode(403).body("rc", equalTo("NotModerator"))
                .body("message", equalTo("You're not a mod. BTFO!"));
        delete(owner, id).statusCode(200).body("deleted_id", equalTo(id)).body("deleted_name", equalTo(name));
        given().get("/api/v2/workers/" + id).then().statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().get("/api/v2/workers/name/" + name).then().statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().get("/api/v2/workers/not-a-uuid").then().statusCode(404).body("rc", equalTo("WorkerNotFound"));

        String successor = newUser(false, false);
        pop(successor, name, unique("m-")).statusCode(200);
        delete(newUser(false, true), WorkerMatchingIT.workerId(name)).statusCode(200);
    }

    @Test
    void uptimeRewardsReachTheOwnersBalanceAndTheWorkersKudosDetails() {
        String owner = newUser(true, false);
        String name = unique("uptime-");
        String model = unique("m-");
        double before = given().header("apikey", owner).get("/api/v2/find_user").then().statusCode(200)
                .extract().jsonPath().getDouble("kudos");
        pop(owner, name, model).statusCode(200);
        String id = WorkerMatchingIT.workerId(name);

        // Check in every half second, as a worker does, until a reward (every 5 s of uptime in ITs) is paid.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            pop(owner, name, model).statusCode(200);
            return given().get("/api/v2/workers/" + id).then().statusCode(200).extract().jsonPath()
                    .getDouble("kudos_details.uptime") > 0;
        });
        JsonPath worker = given().get("/api/v2/workers/" + id).then().extract().jsonPath();
        // 50 + 2 × 1 model + 30 for LoRA
        assertTrue(worker.getDouble("kudos_details.uptime") >= 82, worker.getMap("kudos_details").toString());
        assertTrue(worker.getLong("uptime") >= 5, "uptime " + worker.getLong("uptime"));
        double after = given().header("apikey", owner).get("/api/v2/find_user").then().extract().jsonPath()
                .getDouble("kudos");
        assertTrue(after >= before + 82, before + " -> " + after);
    }
}
