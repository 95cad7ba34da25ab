package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.openhorde.kit.testing.HordeRefusals.refused;
import static org.openhorde.kit.testing.HordeRefusals.postJson;
import static org.openhorde.kit.testing.HordeRefusals.refusedRaw;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.internal.PopRequest;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;

/**
 * Pins job-service's answers to hostile input on its internal API, over HTTP against the real PostgreSQL: parsing
 * failures, NUL characters, overlong identifiers and framework refusals are 4xx answers in the AI Horde's JSON shape
 * with an rc — never a 500 from PostgreSQL refusing the value.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    TestGateway gateway;



    @Test
    void parsingFailuresAreBadRequests() {
        refused(postJson("/internal/pop", "{\"ownerUserId\":1,\"ownerUserId\":{}}"), 400, "BadRequest");
        refused(postJson("/internal/submit", "{\"jobId\":\"" + UUID.randomUUID() + "\",\"state\":\"ok\",\"state\":1}"),
                400, "BadRequest");
        refused(postJson("/internal/pop", "{\"ownerUserId\":"), 400, "BadRequest");
        refused(postJson("/internal/pop", "{\"ownerUserId\":\"abc\"}"), 400, "BadRequest")
                .body("errors", hasKey("ownerUserId"));
        refused(postJson("/internal/pop", "{\"ownerUserId\":1,\"pop\":{\"amount\":[1]}}"), 400, "BadRequest")
                .body("errors", hasKey("pop.amount"));
        refused(postJson("/internal/submit", "{\"jobId\":\"not-a-uuid\",\"state\":\"ok\"}"), 400, "BadRequest")
                .body("errors", hasKey("jobId"));
        refused(postJson("/internal/pop", "{\"ownerUserId\":1e400}"), 400, "BadRequest");
    }

    @Test
    void aNulCharacterIsRefusedInBodiesPathsAndQueries() {
        refused(postJson("/internal/pop", "{\"ownerUserId\":1,\"ownerAlias\":\"a\\u0000\"}"), 400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/name/a%00b").then(),
                400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/online?type=%00").then(),
                400, "NulByteInPayload");
        refused(given().urlEncodingEnabled(false).get("/internal/workers/online?name=x%00").then(),
                400, "NulByteInPayload");
    }

    @Test
    void overlongIdentifiersAreRefusedBeforeTheDatabase() {
        long owner = HordeSamples.owner();
        WorkerPop longAlias = new WorkerPop(owner, "a".repeat(10_000), false,
                HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1).pop());
        refused(gateway.pop(longAlias), 400, "BadRequest").body("errors", hasKey("ownerAlias"));

        PopRequest sample = HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1).pop();
        PopRequest longPriority = new PopRequest(sample.name(), List.of("u".repeat(5_000)), sample.nsfw(),
                sample.models(), sample.bridgeAgent(), sample.threads(), sample.requireUpfrontKudos(),
                sample.amount(), sample.maxPixels(), List.of("b".repeat(5_000)), sample.allowImg2img(),
                sample.allowPainting(), sample.allowUnsafeIpaddr(), sample.allowPostProcessing(),
                sample.allowControlnet(), sample.allowSdxlControlnet(), sample.allowLora(),
                sample.extraSlowWorker(), sample.limitMaxSteps());
        refused(gateway.pop(new WorkerPop(owner, "owner#" + owner, false, longPriority)), 400, "BadRequest")
                .body("errors", hasKey("priority_usernames.0"))
                .body("errors", hasKey("blacklist.0"));

        refused(given().get("/internal/workers/name/" + "n".repeat(2_000)).then(), 400, "BadRequest");
        refused(given().queryParam("type", "t".repeat(2_000)).get("/internal/workers/online").then(),
                400, "BadRequest");
        refused(given().get("/internal/workers/" + "i".repeat(2_000)).then(), 400, "BadRequest");
    }

    @Test
    void aWorkerChangeWithOverlongTextsIsRefused() {
        long owner = HordeSamples.owner();
        String workerId = gateway.popResult(HordeSamples.pop(owner, HordeSamples.workerName(), HordeSamples.model(), 1))
                .workerId().toString();
        refused(given().contentType(ContentType.JSON)
                .body("{\"actorUserId\":" + owner + ",\"actorModerator\":false,\"name\":\"" + "n".repeat(101) + "\"}")
                .put("/internal/workers/" + workerId).then(), 400, "TooLongWorkerName");
        refused(given().contentType(ContentType.JSON)
                .body("{\"actorUserId\":" + owner + ",\"actorModerator\":false,\"info\":\"" + "i".repeat(5_000)
                        + "\"}")
                .put("/internal/workers/" + workerId).then(), 400, "BadRequest").body("errors", hasKey("info"));
    }

    @Test
    void invalidPercentEncodingsAndFrameworkRefusalsAreJson() throws IOException {
        refusedRaw("/internal/workers/name/%%00", "BadRequest");
        refusedRaw("/internal/workers/online?type=%%00", "BadRequest");
        refusedRaw("/internal/workers/name/%zz", "BadRequest");
        refused(given().get("/internal/nothing").then(), 404, "ThingNotFound");
        refused(given().get("/nothing").then(), 404, "ThingNotFound");
        refused(given().delete("/internal/pop").then(), 405, "BadRequest");
        refused(given().contentType(ContentType.TEXT).body("x").post("/internal/pop").then(), 415, "BadRequest");
        refused(given().accept("text/plain").get("/internal/workers/online?type=image").then(), 406, "BadRequest");
        refused(given().accept("text/plain").contentType(ContentType.JSON).body("{")
                .post("/internal/pop").then(), 406, "BadRequest");
    }

}
