package org.openhorde.interrogations.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The result cache over PostgreSQL: a form delivered for a URL source answers the same form on the same URL at once,
 * without a worker (nothing to pop) and without a charge (no settlement event); base64 sources are never cached.
 */
@QuarkusTest
class ResultCacheTest {

    private static Map<String, Object> intake(UUID id, String sourceUrl, String form) {
        java.util.HashMap<String, Object> intake = new java.util.HashMap<>();
        intake.put("id", id);
        intake.put("requesterUserId", 7);
        intake.put("requesterAlias", "cache#7");
        intake.put("requesterKudos", 100);
        intake.put("forms", List.of(Map.of("name", form)));
        intake.put("sourceImageKey", id + "_src.webp");
        intake.put("sourceUrl", sourceUrl);
        intake.put("tiles", 1);
        intake.put("trustedWorkers", false);
        intake.put("slowWorkers", true);
        return intake;
    }

    private static Map<String, Object> pop(UUID worker, String form) {
        return Map.of("workerId", worker, "workerName", "cache-" + worker, "ownerUserId", 9, "ownerTrusted", false,
                "maintenance", false, "forms", List.of(form), "amount", 5, "maxTiles", 16);
    }

    @Test
    void theSameUrlAndFormIsAnsweredFromTheCache() {
        String url = "https://images.example/" + UUID.randomUUID() + ".png";
        UUID first = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(intake(first, url, "palette")).post("/internal/interrogations")
                .then().statusCode(200).body("state", equalTo("waiting"));
        UUID worker = UUID.randomUUID();
        String formId = given().contentType(ContentType.JSON).body(pop(worker, "palette"))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .extract().jsonPath().getString("forms.find { it.sourceImageKey == '" + first + "_src.webp' }.id");
        given().contentType(ContentType.JSON)
                .body(Map.of("formId", formId, "ownerUserId", 9, "result", Map.of("palette", "#112233"), "state", "ok"))
                .post("/internal/interrogations/submit").then().statusCode(200).body("reward", equalTo(1.0f));

        UUID second = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(intake(second, url, "palette")).post("/internal/interrogations")
                .then().statusCode(200)
                .body("state", equalTo("done"))
                .body("forms", hasSize(1))
                .body("forms[0].result.palette", equalTo("#112233"));
        // Nothing is left for a worker.
        given().contentType(ContentType.JSON).body(pop(UUID.randomUUID(), "palette"))
                .post("/internal/interrogations/pop").then().statusCode(200)
                .body("forms.findAll { it.sourceImageKey == '" + second + "_src.webp' }", hasSize(0));

        // Another URL is not the cached one.
        UUID third = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(intake(third, url + "?other", "palette"))
                .post("/internal/interrogations").then().statusCode(200).body("state", equalTo("waiting"));
    }

    @Test
    void unknownIdsAndFormsAreTheAiHordesErrors() {
        given().get("/internal/interrogations/" + UUID.randomUUID()).then().statusCode(404)
                .body("rc", equalTo("RequestNotFound"));
        given().contentType(ContentType.JSON)
                .body(Map.of("formId", UUID.randomUUID(), "ownerUserId", 9, "result", Map.of(), "state", "ok"))
                .post("/internal/interrogations/submit").then().statusCode(404).body("rc", equalTo("InvalidJobID"));
        Map<String, Object> tooLarge = intake(UUID.randomUUID(), null, "caption");
        tooLarge.put("tiles", 256);
        given().contentType(ContentType.JSON).body(tooLarge).post("/internal/interrogations").then()
                .statusCode(400).body("rc", equalTo("SourceImageResolutionExceeded"));
    }
}
