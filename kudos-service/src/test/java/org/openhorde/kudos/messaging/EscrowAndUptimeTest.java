package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhorde.kudos.KudosTestUsers.user;
import static org.openhorde.kudos.KudosTestUsers.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.HordeEvent;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.contracts.events.WorkerUptimeRewarded;
import org.openhorde.kudos.KudosTestUsers;

/**
 * Pins escrow for untrusted worker owners over the real Kafka broker and PostgreSQL: half of each generation reward
 * and all of each uptime reward are held; trust (by an operator, or earned past the threshold by an old enough
 * account) releases the escrow exactly once; uptime rewards are paid once per worker and uptime mark.
 * (%test: threshold 10 kudos, minimum account age 1 h.)
 */
@QuarkusTest
class EscrowAndUptimeTest {

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser(long kudos, boolean trusted) {
        return KudosTestUsers.createUser("escrow", kudos, trusted);
    }

    private static JobCompleted delivered(long requesterId, WorkerRef worker, long price) {
        Requester requester = new Requester(requesterId, "r#" + requesterId, false, false, 0);
        return JobCompleted.of(UUID.randomUUID(), UUID.randomUUID(), JobOutcome.DELIVERED, requester, worker,
                "stable_diffusion", "1", price, 300, false, null, null);
    }

    private static WorkerRef workerOf(long ownerId) {
        return new WorkerRef(UUID.randomUUID(), "worker-" + ownerId, ownerId);
    }

    private void publish(String topic, HordeEvent... events) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            for (HordeEvent event : events) {
                companion.produceStrings()
                        .fromRecords(new ProducerRecord<>(topicPrefix + topic, event.aggregateKey(),
                                json.writeValueAsString(event)))
                        .awaitCompletion(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void untrustedOwnerEarnsHalfAndTheRestWaitsInEscrow() throws Exception {
        long requester = createUser(100_000, false);
        long owner = createUser(0, false);
        WorkerRef worker = workerOf(owner);
        publish("horde.jobs.completed", delivered(requester, worker, 650));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 325);
        JsonPath account = user(owner);
        assertEquals(325, account.getLong("evaluatingKudos"));
        assertEquals(325, account.getLong("kudosDetails.accumulated"), "only what reached the balance so far");
        assertEquals(false, account.getBoolean("trusted"));
        assertEquals(100_000 - 950, balance(requester), "the requester pays the full price either way");
        given().get("/internal/workers/" + worker.id() + "/kudos").then().statusCode(200)
                .body("kudosRewards", equalTo(650))
                .body("kudosDetails.generated", equalTo(650))
                .body("kudosDetails.uptime", equalTo(0));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void operatorTrustReleasesTheEscrowOnceAndLaterRewardsArePaidInFull() throws Exception {
        long requester = createUser(100_000, false);
        long owner = createUser(0, false);
        WorkerRef worker = workerOf(owner);
        publish("horde.jobs.completed", delivered(requester, worker, 650));
        await().atMost(Duration.ofSeconds(30)).until(() -> user(owner).getLong("evaluatingKudos") == 325);

        String trust = "{\"trusted\":true,\"byUserId\":1}";
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(trust).put("/internal/users/" + owner + "/trust")
                    .then().statusCode(200)
                    .body("trusted", equalTo(true))
                    .body("kudos", equalTo(650))
                    .body("evaluatingKudos", equalTo(0))
                    .body("kudosDetails.accumulated", equalTo(650));
        }

        publish("horde.jobs.completed", delivered(requester, worker, 650));
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 1300);
        assertEquals(0, user(owner).getLong("evaluatingKudos"));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void trustIsEarnedPastTheThresholdOnlyByAnAccountOldEnough() throws Exception {
        long requester = createUser(100_000, false);
        long owner = createUser(0, false);
        WorkerRef worker = workerOf(owner);
        // 12 kudos held: past the 10-kudo threshold, but the account is minutes old.
        publish("horde.jobs.completed", delivered(requester, worker, 2400));
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 1200);
        assertEquals(1200, user(owner).getLong("evaluatingKudos"));
        assertEquals(false, user(owner).getBoolean("trusted"));

        pool.preparedQuery("update users set created_at = now() - interval '2 hours' where id = $1")
                .execute(Tuple.of(owner)).await().atMost(Duration.ofSeconds(10));
        publish("horde.jobs.completed", delivered(requester, worker, 650));

        await().atMost(Duration.ofSeconds(30)).until(() -> user(owner).getBoolean("trusted"));
        JsonPath account = user(owner);
        assertEquals(0, account.getLong("evaluatingKudos"));
        assertEquals(2400 + 650, account.getLong("kudos"), "everything earned is on the balance now");
        assertEquals(2400 + 650, account.getLong("kudosDetails.accumulated"));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void uptimeRewardIsPaidOncePerWorkerAndUptimeMark() throws Exception {
        long owner = createUser(0, true);
        WorkerRef worker = workerOf(owner);
        WorkerUptimeRewarded first = WorkerUptimeRewarded.of(worker, 600, 5000, false);
        // The same reward re-emitted under a new event id (a producer retry after a crash) must not pay again.
        WorkerUptimeRewarded reissued = WorkerUptimeRewarded.of(worker, 600, 5000, false);
        // Same key, so consumed after the duplicates: once it is paid, they were all seen.
        WorkerUptimeRewarded sentinel = WorkerUptimeRewarded.of(worker, 1200, 5000, false);
        publish("horde.workers.uptime-rewarded", first, first, reissued, sentinel);

        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/internal/workers/" + worker.id() + "/kudos")
                .then().extract().jsonPath().getLong("kudosDetails.uptime") == 10_000);
        assertEquals(10_000, balance(owner));
        assertEquals(10_000, user(owner).getLong("kudosDetails.accumulated"));
        given().get("/internal/workers/" + worker.id() + "/kudos").then()
                .body("kudosRewards", equalTo(10_000)).body("kudosDetails.generated", equalTo(0));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void untrustedOwnersUptimeRewardIsHeldInFull() throws Exception {
        long owner = createUser(0, false);
        WorkerRef worker = workerOf(owner);
        publish("horde.workers.uptime-rewarded", WorkerUptimeRewarded.of(worker, 600, 500, false));

        await().atMost(Duration.ofSeconds(30)).until(() -> user(owner).getLong("evaluatingKudos") == 500);
        assertEquals(0, balance(owner));
        assertEquals(0, user(owner).getLong("kudosDetails.accumulated"));
    }

    /** The AI Horde credits an alchemist's uptime to its untrusted owner's spendable balance, past escrow. */
    @Test
    void untrustedOwnersAlchemistUptimeRewardIsSpendableAtOnce() throws Exception {
        long owner = createUser(0, false);
        WorkerRef alchemist = workerOf(owner);
        WorkerUptimeRewarded reward = WorkerUptimeRewarded.of(alchemist, 600, 4000, true);
        publish("horde.workers.uptime-rewarded", reward, reward);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 4000);
        JsonPath account = user(owner);
        assertEquals(0, account.getLong("evaluatingKudos"), "nothing waits in escrow");
        assertEquals(4000, account.getLong("kudosDetails.accumulated"));
        assertEquals(false, account.getBoolean("trusted"));
        given().get("/internal/workers/" + alchemist.id() + "/kudos").then()
                .body("kudosDetails.uptime", equalTo(4000));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void trustChangesAreValidated() {
        given().contentType(ContentType.JSON).body("{\"byUserId\":1}").put("/internal/users/2/trust")
                .then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().contentType(ContentType.JSON).body("{\"trusted\":true,\"byUserId\":1}")
                .put("/internal/users/999999999/trust").then().statusCode(404).body("rc", equalTo("UserNotFound"));
        given().contentType(ContentType.JSON).body("{\"trusted\":true,\"byUserId\":1}")
                .put("/internal/users/0/trust").then().statusCode(400).body("rc", equalTo("BadRequest"));
        given().get("/internal/workers/not-a-uuid/kudos").then().statusCode(404).body("rc", equalTo("WorkerNotFound"));
    }
}
