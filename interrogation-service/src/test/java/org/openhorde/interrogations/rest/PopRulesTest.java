package org.openhorde.interrogations.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pop's rules over PostgreSQL: a pop that finds nothing answers the AI Horde's {@code skipped} by reason, and a
 * request with {@code slow_workers=false} is not given to a worker whose mean seconds per form is 10 or more.
 * Every test works on the {@code aesthetic} form, which no other test of this module queues, and drains it first.
 */
@QuarkusTest
class PopRulesTest {

    private static final String FORM = "aesthetic";

    @Inject
    Pool pool;

    private static Map<String, Object> intake(UUID id, int tiles, boolean trustedWorkers, boolean slowWorkers) {
        Map<String, Object> intake = new HashMap<>();
        intake.put("id", id);
        intake.put("requesterUserId", 11);
        intake.put("requesterAlias", "rules#11");
        intake.put("requesterKudos", 100);
        intake.put("forms", List.of(Map.of("name", FORM)));
        intake.put("sourceImageKey", id + "_src.webp");
        intake.put("tiles", tiles);
        intake.put("trustedWorkers", trustedWorkers);
        intake.put("slowWorkers", slowWorkers);
        return intake;
    }

    private static JsonPath pop(UUID worker, List<String> forms, boolean trusted, int maxTiles) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "workerName", "rules-" + worker, "ownerUserId", 12,
                        "ownerTrusted", trusted, "maintenance", false, "forms", forms, "amount", 20,
                        "maxTiles", maxTiles))
                .post("/internal/interrogations/pop").then().statusCode(200).extract().jsonPath();
    }

    private static void queue(Map<String, Object> intake) {
        given().contentType(ContentType.JSON).body(intake).post("/internal/interrogations").then().statusCode(200);
    }

    /** Whatever {@code aesthetic} forms earlier runs left waiting go to a trusted, fast, large worker. */
    @BeforeEach
    void drain() {
        UUID drainer = UUID.randomUUID();
        while (!pop(drainer, List.of(FORM), true, 256).getList("forms").isEmpty()) {
            // keep popping
        }
    }

    /** A worker whose recorded forms took {@code seconds} each (the pop-to-delivery time the service measures). */
    private void recordSpeed(UUID worker, double seconds) {
        pool.preparedQuery("""
                        insert into worker_speeds (worker_id, seconds) values ($1, array[$2::float8, $2::float8])
                        on conflict (worker_id) do update set seconds = excluded.seconds""")
                .execute(Tuple.of(worker, seconds)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void anEmptyPopCountsTheSkippedFormsByReason() {
        queue(intake(UUID.randomUUID(), 4, false, true));   // too many tiles for a 2-tile worker
        queue(intake(UUID.randomUUID(), 1, true, true));    // trusted workers only
        queue(intake(UUID.randomUUID(), 1, false, false));  // fast workers only
        UUID slow = UUID.randomUUID();
        recordSpeed(slow, 12.5);

        JsonPath answer = pop(slow, List.of(FORM), false, 2);
        assertEquals(List.of(), answer.getList("forms"));
        assertEquals(1, answer.getInt("skipped.max_tiles"));
        assertEquals(1, answer.getInt("skipped.untrusted"));
        assertEquals(1, answer.getInt("skipped.performance"));
        assertEquals(0, answer.getInt("skipped.worker_id"));
        assertEquals(0, answer.getInt("skipped.bridge_version"));

        // A worker that does not offer the form counts it under "forms"; a pop that hands out forms skips nothing.
        JsonPath other = pop(UUID.randomUUID(), List.of("caption-that-is-not-waiting"), true, 256);
        assertTrue(other.getInt("skipped.forms") >= 3, other.prettify());
        given().contentType(ContentType.JSON)
                .body(Map.of("workerId", UUID.randomUUID(), "workerName", "rules-any", "ownerUserId", 12,
                        "ownerTrusted", true, "maintenance", false, "forms", List.of(FORM), "amount", 20,
                        "maxTiles", 256))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .body("forms", hasSize(3)).body("skipped", is(anEmptyMap()));
    }

    @Test
    void slowWorkersFalseLeavesASlowWorkerOut() {
        UUID fastOnly = UUID.randomUUID();
        queue(intake(fastOnly, 1, false, false));
        UUID slow = UUID.randomUUID();
        recordSpeed(slow, 10.0);
        given().contentType(ContentType.JSON)
                .body(Map.of("workerId", slow, "workerName", "rules-slow", "ownerUserId", 12, "ownerTrusted", true,
                        "maintenance", false, "forms", List.of(FORM), "amount", 5, "maxTiles", 16))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .body("forms", hasSize(0)).body("skipped.performance", equalTo(1));

        // A request that accepts slow workers is the slow worker's.
        UUID slowOk = UUID.randomUUID();
        queue(intake(slowOk, 1, false, true));
        given().contentType(ContentType.JSON)
                .body(Map.of("workerId", slow, "workerName", "rules-slow", "ownerUserId", 12, "ownerTrusted", true,
                        "maintenance", false, "forms", List.of(FORM), "amount", 5, "maxTiles", 16))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .body("forms", hasSize(1)).body("forms[0].sourceImageKey", equalTo(slowOk + "_src.webp"));

        // A worker just under the limit, and a new one without records, are fast.
        UUID quick = UUID.randomUUID();
        recordSpeed(quick, 9.9);
        String formId = given().contentType(ContentType.JSON)
                .body(Map.of("workerId", quick, "workerName", "rules-quick", "ownerUserId", 12, "ownerTrusted", true,
                        "maintenance", false, "forms", List.of(FORM), "amount", 5, "maxTiles", 16))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .body("forms", hasSize(1)).body("forms[0].sourceImageKey", equalTo(fastOnly + "_src.webp"))
                .extract().path("forms[0].id");

        // Its delivery is recorded: a fraction of a second, so its mean stays under the limit.
        given().contentType(ContentType.JSON)
                .body(Map.of("formId", formId, "ownerUserId", 12, "result", Map.of(FORM, 7), "state", "ok"))
                .post("/internal/interrogations/submit").then().statusCode(200);
        List<Double> seconds = pool.preparedQuery("select unnest(seconds) as s from worker_speeds where worker_id = $1")
                .execute(Tuple.of(quick)).await().atMost(Duration.ofSeconds(10))
                .stream().map(row -> row.getDouble("s")).toList();
        assertEquals(3, seconds.size(), seconds.toString());
        assertTrue(seconds.get(2) < 9.9, seconds.toString());
    }
}
