package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.TestGateway;

/** Pins worker identity: created by the first pop, owned by one user, checked in by every pop, listed for its owner. */
@QuarkusTest
class WorkerIdentityTest {


    @Inject
    TestGateway gateway;


    @Test
    void anonymousMayNotPop() {
        gateway.pop(HordeSamples.pop(0, HordeSamples.workerName(), HordeSamples.model(), 1)).statusCode(403)
                .body("rc", equalTo("AnonForbiddenWorker"))
                .body("message", equalTo("Anonymous user is forbidden from performing this operation"));
    }

    @Test
    void aNameBelongsToTheUserWhoseWorkerFirstPoppedIt() {
        String name = HordeSamples.workerName();
        long owner = HordeSamples.owner();
        PopResult first = gateway.popResult(HordeSamples.pop(owner, name, HordeSamples.model(), 1));
        PopResult again = gateway.popResult(HordeSamples.pop(owner, name, HordeSamples.model(), 1));
        assertEquals(first.workerId(), again.workerId(), "the same worker, checked in again");

        gateway.pop(HordeSamples.pop(owner + 1, name, HordeSamples.model(), 1)).statusCode(403)
                .body("rc", equalTo("WrongCredentials"))
                .body("message", equalTo("Wrong credentials to submit as this worker."));
    }

    @Test
    void everyPopChecksInTheWorkersModels() {
        String name = HordeSamples.workerName();
        long owner = HordeSamples.owner();
        String oldModel = HordeSamples.model();
        String newModel = HordeSamples.model();
        // The worker checks in with its old model (what it pops, if anything, is another test's any-model request).
        gateway.popResult(HordeSamples.pop(owner, name, oldModel, 1));

        JobSubmitted submitted = HordeSamples.submitted(HordeSamples.spec(newModel), 1, 100);
        gateway.publish(submitted);
        PopResult popped = gateway.awaitWorkFor(HordeSamples.pop(owner, name, List.of(oldModel, newModel), 1,
                HordeSamples.WORKER_PIXELS, false), submitted.requestId());
        assertEquals(submitted.requestId(), popped.requestId());
        assertEquals(newModel, popped.model());
    }

    @Test
    void ownersSeeTheirWorkersOnline() {
        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        PopResult popped = gateway.popResult(HordeSamples.pop(owner, name, HordeSamples.model(), 1));

        given().queryParam("ownerUserId", owner).get("/internal/workers")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(popped.workerId().toString()))
                .body("[0].name", equalTo(name))
                .body("[0].ownerUserId", equalTo(owner))
                .body("[0].online", equalTo(true));
        given().queryParam("ownerUserId", HordeSamples.owner()).get("/internal/workers")
                .then().statusCode(200).body("", hasSize(0));
        given().queryParam("ownerUserId", "abc").get("/internal/workers")
                .then().statusCode(400).body("rc", equalTo("BadRequest")).body("errors.ownerUserId", notNullValue());
        given().get("/internal/workers").then().statusCode(400).body("rc", equalTo("BadRequest"));
    }

    @Test
    void badPopsAreRejectedWithAnRc() {
        long owner = HordeSamples.owner();
        gateway.pop(HordeSamples.pop(owner, "n".repeat(101), HordeSamples.model(), 1)).statusCode(400)
                .body("rc", equalTo("TooLongWorkerName"));
        gateway.pop(HordeSamples.pop(owner, HordeSamples.workerName(), List.of(), 1, HordeSamples.WORKER_PIXELS, false))
                .statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("errors.models", notNullValue());
        gateway.pop(HordeSamples.pop(owner, " ", HordeSamples.model(), 0)).statusCode(400)
                .body("errors.name", notNullValue())
                .body("errors.amount", notNullValue());
        given().contentType(ContentType.JSON).body("{\"ownerUserId\": 5, \"pop\": ")
                .post("/internal/pop").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("{\"ownerUserId\": 5}")
                .post("/internal/pop").then().statusCode(400).body("errors.pop", notNullValue());
    }

    @Test
    void popsAreCounted() {
        gateway.popResult(HordeSamples.pop(HordeSamples.owner(), HordeSamples.workerName(), HordeSamples.model(), 1));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("horde_jobs_pops_total{result=\"empty\"}"));
    }
}
