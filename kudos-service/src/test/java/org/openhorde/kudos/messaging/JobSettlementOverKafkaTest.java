package org.openhorde.kudos.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhorde.kudos.KudosTestUsers.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.kudos.KudosTestUsers;

/**
 * Pins settlement of completed jobs over the real Kafka broker: each job charged and paid exactly once, whatever is
 * redelivered; floors for registered and anonymous users; censored jobs only burn the tax.
 */
@QuarkusTest
class JobSettlementOverKafkaTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser(long kudos) {
        return createUser(kudos, false);
    }

    /** Worker owners here are trusted, so that they earn the full price (escrow is pinned by EscrowAndUptimeTest). */
    private static long createOwner() {
        return createUser(0, true);
    }

    private static long createUser(long kudos, boolean trusted) {
        return KudosTestUsers.createUser("settle", kudos, trusted);
    }

    private static ImageRequestSpec spec() {
        ImageParams params = new ImageParams("k_euler_a", new BigDecimal("7.5"), null, null, 512, 512, 20, 1, null,
                null, true, false, false, null, null, List.of(), List.of(), List.of(), null, false, false, false);
        return new ImageRequestSpec("a lighthouse", params, List.of("stable_diffusion"), false, false, false, true,
                List.of(), false, true, false, "img2img", null, null, true, false, false, null);
    }

    private static JobCompleted completed(UUID requestId, UUID jobId, JobOutcome outcome, long requesterId,
                                          boolean anonymous, long ownerId, long price, long tax) {
        Requester requester = new Requester(requesterId, "r#" + requesterId, anonymous, false, 0);
        WorkerRef worker = new WorkerRef(UUID.randomUUID(), "worker-" + ownerId, ownerId);
        return JobCompleted.of(requestId, jobId, outcome, requester, worker, "stable_diffusion", "1", price, tax,
                anonymous, spec(), jobId + ".webp");
    }

    private void publish(JobCompleted... events) throws Exception {
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            for (JobCompleted event : events) {
                companion.produceStrings()
                        .fromRecords(new ProducerRecord<>(topicPrefix + "horde.jobs.completed", event.aggregateKey(),
                                json.writeValueAsString(event)))
                        .awaitCompletion(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void deliveredJobIsChargedAndPaidExactlyOnceWhateverIsRedelivered() throws Exception {
        long requester = createUser(100_000);
        long owner = createOwner();
        UUID requestId = UUID.randomUUID();
        JobCompleted first = completed(requestId, UUID.randomUUID(), JobOutcome.DELIVERED, requester, false, owner,
                650, 300);
        // The same event twice, then the same job under a new event id (a producer retry after a crash).
        JobCompleted sameJobNewEvent = JobCompleted.of(requestId, first.jobId(), first.outcome(), first.requester(),
                first.worker(), first.model(), first.seed(), first.price(), first.tax(), first.shared(), first.spec(),
                first.generationKey());
        // A second job of the same request is the sentinel: same key, so it is consumed after the duplicates.
        JobCompleted second = completed(requestId, UUID.randomUUID(), JobOutcome.DELIVERED, requester, false, owner,
                650, 300);
        publish(first, first, sameJobNewEvent, second);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 1300);
        assertEquals(100_000 - 2 * 950, balance(requester));
        given().get("/internal/users/" + requester).then()
                .body("kudosDetails.accumulated", equalTo(-1900))
                .body("records.imagesRequested", equalTo(2));
        given().get("/internal/users/" + owner).then()
                .body("kudosDetails.accumulated", equalTo(1300))
                .body("records.imagesFulfilled", equalTo(2))
                .body("records.contributionPixelsteps", equalTo(2 * 512 * 512 * 20));
        given().get("/internal/ledger/invariant").then()
                .body("holds", equalTo(true))
                .body("duplicateSettlements", equalTo(0));
    }

    @Test
    void aSharedKeysJobIsChargedToItsOwnerAndCountedAgainstTheKeyExactlyOnce() throws Exception {
        long keyOwner = createUser(100_000);
        long owner = createOwner();
        String keyId = given().contentType(ContentType.JSON)
                .body("{\"actorUserId\":" + keyOwner + ",\"kudos\":15,\"name\":\"app\"}")
                .post("/internal/sharedkeys").then().statusCode(200).extract().path("id");
        UUID requestId = UUID.randomUUID();
        Requester viaKey = new Requester(keyOwner, "r#" + keyOwner, false, false, 0, null, null,
                UUID.fromString(keyId));
        WorkerRef worker = new WorkerRef(UUID.randomUUID(), "worker-" + owner, owner);
        JobCompleted first = JobCompleted.of(requestId, UUID.randomUUID(), JobOutcome.DELIVERED, viaKey, worker,
                "stable_diffusion", "1", 650, 300, false, spec(), "k.webp");
        JobCompleted sameJobNewEvent = JobCompleted.of(requestId, first.jobId(), first.outcome(), viaKey, worker,
                first.model(), first.seed(), first.price(), first.tax(), false, first.spec(), first.generationKey());
        JobCompleted second = JobCompleted.of(requestId, UUID.randomUUID(), JobOutcome.DELIVERED, viaKey, worker,
                "stable_diffusion", "1", 650, 300, false, spec(), "k2.webp");
        publish(first, first, sameJobNewEvent, second);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 1300);
        assertEquals(100_000 - 2 * 950, balance(keyOwner), "the key's owner paid each job once");
        // 15 kudos = 1500 centikudos: 950 after the first job, floored at 0 after the second; utilized is both.
        given().get("/internal/sharedkeys/" + keyId).then()
                .body("kudos", equalTo(0))
                .body("utilized", equalTo(1900));
        given().get("/internal/ledger/invariant").then()
                .body("holds", equalTo(true))
                .body("duplicateSettlements", equalTo(0));
    }

    @Test
    void registeredRequesterStopsAtZeroButSpendingIsRecordedInFull() throws Exception {
        long requester = createUser(500);
        long owner = createOwner();
        UUID requestId = UUID.randomUUID();
        publish(completed(requestId, UUID.randomUUID(), JobOutcome.DELIVERED, requester, false, owner, 650, 300));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 650);
        assertEquals(0, balance(requester));
        given().get("/internal/users/" + requester).then().body("kudosDetails.accumulated", equalTo(-950));
        given().get("/internal/ledger/invariant").then().body("holds", equalTo(true));
    }

    @Test
    void anonymousStaysAtMinusFiftyWhileItsWorkerEarns() throws Exception {
        long owner = createOwner();
        publish(completed(UUID.randomUUID(), UUID.randomUUID(), JobOutcome.DELIVERED, 0, true, owner, 650, 100));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(owner) == 650);
        assertEquals(-5000, balance(0));
    }

    @Test
    void censoredJobOnlyBurnsTheTaxAndFaultedMovesNothing() throws Exception {
        long requester = createUser(10_000);
        long owner = createOwner();
        UUID requestId = UUID.randomUUID();
        UUID sentinelJob = UUID.randomUUID();
        publish(completed(requestId, UUID.randomUUID(), JobOutcome.FAULTED, requester, false, owner, 650, 300),
                completed(requestId, UUID.randomUUID(), JobOutcome.CANCELLED, requester, false, owner, 650, 300),
                completed(requestId, sentinelJob, JobOutcome.CENSORED, requester, false, owner, 0, 300));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(requester) != 10_000);
        assertEquals(10_000 - 300, balance(requester));
        assertEquals(0, balance(owner));
    }
}
