package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Calls the internal worker registry endpoints as the gateway does. */
final class WorkerAdmin {

    private WorkerAdmin() {
    }

    static ValidatableResponse change(UUID workerId, long actor, boolean moderator, Boolean maintenance,
                                      String maintenanceMsg, Boolean paused, String info, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("actorUserId", actor);
        body.put("actorModerator", moderator);
        body.put("maintenance", maintenance);
        body.put("maintenanceMsg", maintenanceMsg);
        body.put("paused", paused);
        body.put("info", info);
        body.put("name", name);
        return given().contentType(ContentType.JSON).body(body).put("/internal/workers/" + workerId).then();
    }

    static ValidatableResponse remove(Object workerId, long actor, boolean moderator) {
        return given().queryParam("actorUserId", actor).queryParam("actorModerator", moderator)
                .delete("/internal/workers/" + workerId).then();
    }

    static ValidatableResponse details(Object workerId) {
        return given().get("/internal/workers/" + workerId).then();
    }
}
