package org.openhorde.jobs.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.WorkerUptimeRewarded;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.contracts.Topics;
import org.openhorde.jobs.HordeSamples;
import org.openhorde.jobs.SpecBuilder.Pop;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;

/**
 * Pins the worker registry: names unique across worker types, owned by the first popper, the untrusted owners' cap,
 * details, changes by owner and moderators, deletion, and uptime rewards emitted over Kafka.
 */
@QuarkusTest
class WorkerRegistryTest {

    @Inject
    TestGateway gateway;

    @Inject
    Pool pool;

    @Test
    void aNameTakenByAnotherWorkerTypeIsAPolymorphicNameConflict() {
        String name = HordeSamples.workerName();
        long owner = HordeSamples.owner();
        pool.preparedQuery("""
                        insert into workers (id, name, owner_user_id, worker_type, models, max_pixels, nsfw, threads,
                                             allow_img2img, allow_painting, allow_unsafe_ipaddr, allow_post_processing,
                                             allow_controlnet, allow_sdxl_controlnet, allow_lora)
                        values ($1, $2, $3, 'interrogation', '{}', 0, false, 1, false, false, false, false, false,
                                false, false)
                        """)
                .execute(Tuple.of(UUID.randomUUID(), name, owner)).await().indefinitely();

        gateway.pop(new Pop(HordeSamples.model()).name(name).owner(owner, false).build()).statusCode(400)
                .body("rc", equalTo("PolymorphicNameConflict"));
    }

    @Test
    void untrustedOwnersRunAtMostFourWorkers() {
        long owner = HordeSamples.owner();
        for (int i = 0; i < 4; i++) {
            gateway.pop(new Pop(HordeSamples.model()).owner(owner, false).build()).statusCode(200);
        }
        gateway.pop(new Pop(HordeSamples.model()).owner(owner, false).build()).statusCode(403)
                .body("rc", equalTo("TooManyWorkers"));
        // the workers it has keep popping
        given().queryParam("ownerUserId", owner).get("/internal/workers").then().body("", hasSize(4));
    }

    @Test
    void trustedOwnersMayRunMoreButNotMoreThanTwentyOne() {
        long owner = HordeSamples.owner();
        for (int i = 0; i < 21; i++) {
            gateway.pop(new Pop(HordeSamples.model()).owner(owner, true).build()).statusCode(200);
        }
        gateway.pop(new Pop(HordeSamples.model()).owner(owner, true).build()).statusCode(403)
                .body("rc", equalTo("TooManyWorkersTrusted"))
                .body("message", equalTo("You have reached the maximum of 21 workers a trusted user may run."
                        + " Please contact the operators of this horde to adjust it."));
        given().queryParam("ownerUserId", owner).get("/internal/workers").then().body("", hasSize(21));
    }

    @Test
    void detailsShowWhatTheWorkerCheckedIn() {
        String model = HordeSamples.model();
        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        PopResult popped = gateway.popResult(new Pop(model).name(name).owner(owner, true).nsfw(true)
                .maxPixels(768L * 768).lora(false).build());

        WorkerAdmin.details(popped.workerId()).statusCode(200)
                .body("id", equalTo(popped.workerId().toString()))
                .body("name", equalTo(name))
                .body("type", equalTo("image"))
                .body("ownerUserId", equalTo(owner))
                .body("ownerAlias", equalTo("owner#" + owner))
                .body("trusted", equalTo(true))
                .body("online", equalTo(true))
                .body("models", equalTo(List.of(model)))
                .body("maxPixels", equalTo(768 * 768))
                .body("nsfw", equalTo(true))
                .body("lora", equalTo(false))
                .body("img2img", equalTo(true))
                .body("maintenance", equalTo(false))
                .body("paused", equalTo(false))
                .body("requestsFulfilled", equalTo(0))
                .body("uncompletedJobs", equalTo(0));
        given().get("/internal/workers/name/" + name.toUpperCase()).then().statusCode(200)
                .body("id", equalTo(popped.workerId().toString()));
        given().queryParam("name", name).get("/internal/workers/online").then().statusCode(200)
                .body("", hasSize(1)).body("[0].name", equalTo(name));
        given().queryParam("name", name).queryParam("type", "interrogation").get("/internal/workers/online")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void unknownWorkersAreNotFound() {
        WorkerAdmin.details(UUID.randomUUID()).statusCode(404).body("rc", equalTo("WorkerNotFound"));
        WorkerAdmin.details("not-a-uuid").statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().get("/internal/workers/name/" + HordeSamples.workerName()).then().statusCode(404)
                .body("rc", equalTo("WorkerNotFound"));
        WorkerAdmin.change(UUID.randomUUID(), 1, true, true, null, null, null, null).statusCode(404)
                .body("rc", equalTo("WorkerNotFound"));
        WorkerAdmin.remove(UUID.randomUUID(), 1, true).statusCode(404).body("rc", equalTo("WorkerNotFound"));
    }

    @Test
    void ownersChangeMaintenanceInfoAndName() {
        long owner = HordeSamples.owner();
        PopResult popped = gateway.popResult(new Pop(HordeSamples.model()).owner(owner, false).build());
        UUID id = popped.workerId();
        String newName = HordeSamples.workerName();

        WorkerAdmin.change(id, owner, false, true, null, null, "my rig", newName).statusCode(200)
                .body("maintenance", equalTo(true))
                .body("maintenanceMsg", equalTo("This worker has been put into maintenance mode by its owner"))
                .body("info", equalTo("my rig"))
                .body("name", equalTo(newName));
        WorkerAdmin.change(id, owner, false, false, null, null, null, null).statusCode(200)
                .body("maintenance", equalTo(false))
                .body("maintenanceMsg", nullValue())
                .body("info", equalTo("my rig"));
    }

    @Test
    void strangersMayNotChangeAWorkerAndOnlyModeratorsPauseIt() {
        long owner = HordeSamples.owner();
        UUID id = gateway.popResult(new Pop(HordeSamples.model()).owner(owner, false).build()).workerId();
        long stranger = HordeSamples.owner();

        WorkerAdmin.change(id, stranger, false, true, null, null, null, null).statusCode(403)
                .body("rc", equalTo("NotOwner"));
        WorkerAdmin.change(id, owner, false, null, null, true, null, null).statusCode(403)
                .body("rc", equalTo("NotModerator"));
        WorkerAdmin.change(id, stranger, true, null, null, true, null, null).statusCode(200)
                .body("paused", equalTo(true));
        WorkerAdmin.change(id, stranger, true, null, null, null, "checked by a mod", null).statusCode(200)
                .body("info", equalTo("checked by a mod"));
    }

    @Test
    void aRenameMustNotTakeAnotherWorkersName() {
        long owner = HordeSamples.owner();
        String taken = HordeSamples.workerName();
        gateway.popResult(new Pop(HordeSamples.model()).name(taken).owner(HordeSamples.owner(), false).build());
        String oldName = HordeSamples.workerName();
        UUID id = gateway.popResult(new Pop(HordeSamples.model()).name(oldName).owner(owner, false).build())
                .workerId();

        WorkerAdmin.change(id, owner, false, null, null, null, null, taken).statusCode(400)
                .body("rc", equalTo("WorkerNameAlreadyExists"));
        WorkerAdmin.change(id, owner, false, null, null, null, null, HordeSamples.workerName()).statusCode(200);
        // the old name is free again, for anybody
        gateway.pop(new Pop(HordeSamples.model()).name(oldName).owner(HordeSamples.owner(), false).build())
                .statusCode(200);
    }

    @Test
    void ownersAndModeratorsDeleteWorkersAndTheirNamesBecomeFree() {
        long owner = HordeSamples.owner();
        String name = HordeSamples.workerName();
        UUID id = gateway.popResult(new Pop(HordeSamples.model()).name(name).owner(owner, false).build()).workerId();

        WorkerAdmin.remove(id, HordeSamples.owner(), false).statusCode(403).body("rc", equalTo("NotModerator"))
                .body("message", equalTo("You're not a mod. BTFO!"));
        WorkerAdmin.remove(id, owner, false).statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("name", equalTo(name));
        WorkerAdmin.details(id).statusCode(404).body("rc", equalTo("WorkerNotFound"));
        given().queryParam("ownerUserId", owner).get("/internal/workers").then().body("", hasSize(0));

        UUID successor = gateway.popResult(new Pop(HordeSamples.model()).name(name).owner(HordeSamples.owner(), false)
                .build()).workerId();
        WorkerAdmin.remove(successor, HordeSamples.owner(), true).statusCode(200);
    }

    @Test
    void aWorkerThatStaysOnlineEarnsUptimeRewardsOverKafka() {
        long owner = HordeSamples.owner();
        String model = HordeSamples.model();
        Pop pop = new Pop(model).owner(owner, false).lora(true);
        try (TopicTail rewards = gateway.tail(Topics.WORKERS_UPTIME_REWARDED)) {
            UUID id = gateway.popResult(pop.build()).workerId();
            // Keep checking in (pops every 200 ms) until the 2 s test interval has passed.
            WorkerUptimeRewarded reward = rewards.await(WorkerUptimeRewarded.class,
                    event -> event.worker().id().equals(id), () -> gateway.popResult(pop.build()));
            assertEquals(owner, reward.worker().ownerUserId());
            assertEquals(50_00 + 2_00 + 30_00, reward.reward(), "50 + 2 per model + 30 for LoRA, in centikudos");
            assertEquals(false, reward.bypassesEscrow(), "an image worker's uptime goes through escrow");
            assertEquals(UUID.nameUUIDFromBytes(("worker-uptime-reward:" + id + ":1").getBytes()), reward.eventId(),
                    "the first reward of this worker has a deterministic id");
            WorkerAdmin.details(id).statusCode(200).body("uptimeSeconds", greaterThanOrEqualTo(2));
        }
    }

    /** An alchemist earns the AI Horde's 40 kudos per uptime mark, credited past escrow (its bypass rule). */
    @Test
    void anAlchemistThatStaysOnlineEarnsUptimeRewardsPastEscrow() {
        long owner = HordeSamples.owner();
        WorkerPop checkIn = HordeSamples.pop(owner, HordeSamples.workerName(),
                List.of("caption"), 1, 16, false);
        try (TopicTail rewards = gateway.tail(Topics.WORKERS_UPTIME_REWARDED)) {
            UUID id = UUID.fromString(gateway.interrogationCheckIn(checkIn).statusCode(200)
                    .body("type", equalTo("interrogation")).extract().path("id"));
            WorkerUptimeRewarded reward = rewards.await(WorkerUptimeRewarded.class,
                    event -> event.worker().id().equals(id), () -> gateway.interrogationCheckIn(checkIn));
            assertEquals(owner, reward.worker().ownerUserId());
            assertEquals(40_00, reward.reward(), "40 kudos per uptime mark, in centikudos");
            assertEquals(true, reward.bypassesEscrow());
        }
    }
}
