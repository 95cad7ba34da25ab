package org.openhorde.kudos.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhorde.kudos.KudosTestUsers.user;
import static org.openhorde.kudos.KudosTestUsers.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.kudos.KudosTestUsers;
import org.openhorde.kudos.service.SettlementService.Result;

/**
 * Pins settlement of a whole batch of completed jobs in one transaction (decision 0050) over the real PostgreSQL:
 * running balances carried from one settlement to the next (floors, escrow, trust earned mid-batch), duplicates inside
 * a batch and across batches settled once, an unknown account rejected without failing the rest, and a failure in the
 * middle rolling back the whole batch, which its retry then settles in full (directly, and through the consumer).
 */
@QuarkusTest
class BatchSettlementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SettlementService settlement;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "horde.topic-prefix")
    String topicPrefix;

    private static long createUser(long kudos, boolean trusted) {
        return KudosTestUsers.createUser("batch", kudos, trusted);
    }

    private static JobCompleted delivered(long requesterId, long ownerId, long price, long tax) {
        Requester requester = new Requester(requesterId, "r#" + requesterId, false, false, 0);
        WorkerRef worker = new WorkerRef(UUID.randomUUID(), "worker-" + ownerId, ownerId);
        return JobCompleted.of(UUID.randomUUID(), UUID.randomUUID(), JobOutcome.DELIVERED, requester, worker,
                "stable_diffusion", "1", price, tax, false, null, null);
    }

    /** The same job reported again under a new event id (a producer retry after a crash). */
    private static JobCompleted sameJobNewEvent(JobCompleted job) {
        return JobCompleted.of(job.requestId(), job.jobId(), job.outcome(), job.requester(), job.worker(),
                job.model(), job.seed(), job.price(), job.tax(), job.shared(), job.spec(), job.generationKey());
    }

    private List<Result> settle(JobCompleted... batch) {
        return settlement.settleJobs(List.of(batch), Topics.JOBS_COMPLETED).await().atMost(WAIT);
    }

    private long inboxRows(JobCompleted... events) {
        UUID[] ids = java.util.Arrays.stream(events).map(JobCompleted::eventId).toArray(UUID[]::new);
        return pool.preparedQuery("select count(*) as n from inbox where event_id = any($1)").execute(Tuple.of(ids))
                .await().atMost(WAIT).iterator().next().getLong("n");
    }

    private String inboxOutcome(JobCompleted event) {
        return pool.preparedQuery("select outcome from inbox where event_id = $1").execute(Tuple.of(event.eventId()))
                .await().atMost(WAIT).iterator().next().getString("outcome");
    }

    private static void assertLedgerHolds() {
        given().get("/internal/ledger/invariant").then()
                .body("holds", equalTo(true))
                .body("duplicateSettlements", equalTo(0));
    }

    @Test
    void twoSettlementsOfOneRequesterInOneBatchSeeEachOthersChargeAndFloor() {
        long requester = createUser(1000, false);
        long owner = createUser(0, true);

        List<Result> results = settle(delivered(requester, owner, 650, 300), delivered(requester, owner, 650, 300));

        assertEquals(List.of(Result.SETTLED, Result.SETTLED), results);
        // 1000 - 950 = 50 after the first; the second would leave -900, so the floor (0) holds it at 0. Had the second
        // planned with the balance before the batch (1000), no floor adjustment would be made and it would be -900.
        assertEquals(0, balance(requester));
        assertEquals(1300, balance(owner));
        assertEquals(-1900, user(requester).getLong("kudosDetails.accumulated"));
        assertEquals(1300, user(owner).getLong("kudosDetails.accumulated"));
        assertLedgerHolds();
        given().get("/q/metrics").then().body(containsString("horde_kudos_settlement_batch_size"));
    }

    @Test
    void anUntrustedOwnerWhoEarnsTrustMidBatchIsPaidInFullByTheRestOfIt() {
        long requester = createUser(100_000, false);
        long owner = createUser(0, false);
        pool.preparedQuery("update users set created_at = now() - interval '2 hours' where id = $1")
                .execute(Tuple.of(owner)).await().atMost(WAIT);

        // %test: half of each reward is held; past 1000 in escrow an old enough owner is trusted and the escrow released.
        List<Result> results = settle(delivered(requester, owner, 1200, 100), delivered(requester, owner, 1200, 100),
                delivered(requester, owner, 1200, 100));

        assertEquals(List.of(Result.SETTLED, Result.SETTLED, Result.SETTLED), results);
        JsonPath after = user(owner);
        assertEquals(true, after.getBoolean("trusted"));
        // 600 paid + 600 held, 600 paid + 600 held (1200 > 1000: trusted, 1200 released), then 1200 paid in full.
        assertEquals(3600, after.getLong("kudos"));
        assertEquals(0, after.getLong("evaluatingKudos"));
        assertEquals(100_000 - 3 * 1300, balance(requester));
        assertLedgerHolds();
    }

    @Test
    void aDuplicatedEventInsideABatchAndAcrossBatchesIsSettledOnce() {
        long requester = createUser(100_000, false);
        long owner = createUser(0, true);
        JobCompleted first = delivered(requester, owner, 650, 300);
        JobCompleted second = delivered(requester, owner, 650, 300);

        assertEquals(List.of(Result.SETTLED, Result.DUPLICATE_EVENT, Result.SETTLED), settle(first, first, second));
        assertEquals(List.of(Result.DUPLICATE_EVENT, Result.ALREADY_SETTLED, Result.DUPLICATE_EVENT),
                settle(first, sameJobNewEvent(second), second));

        assertEquals(1300, balance(owner));
        assertEquals(100_000 - 1900, balance(requester));
        assertEquals(2, user(requester).getLong("records.imagesRequested"));
        assertLedgerHolds();
    }

    @Test
    void anUnknownAccountInTheMiddleIsRejectedAndTheRestSettled() {
        long requester = createUser(100_000, false);
        long owner = createUser(0, true);
        JobCompleted before = delivered(requester, owner, 650, 300);
        JobCompleted unknown = delivered(requester, 987_654_321L, 650, 300);
        JobCompleted after = delivered(requester, owner, 650, 300);

        assertEquals(List.of(Result.SETTLED, Result.REJECTED, Result.SETTLED), settle(before, unknown, after));

        assertEquals("rejected", inboxOutcome(unknown));
        assertEquals(1300, balance(owner));
        assertEquals(100_000 - 1900, balance(requester));
        assertLedgerHolds();
    }

    @Test
    void aFailureMidBatchRollsBackTheWholeBatchAndTheRetrySettlesAll() {
        long requester = createUser(100_000, false);
        long owner = createUser(0, true);
        long failingOwner = createUser(0, true);
        JobCompleted first = delivered(requester, owner, 650, 300);
        JobCompleted middle = delivered(requester, failingOwner, 650, 300);
        JobCompleted last = delivered(requester, owner, 650, 300);
        String trigger = failWhileSettling(failingOwner);
        try {
            assertThrows(RuntimeException.class, () -> settle(first, middle, last));
            // Nothing half-written: no inbox claim, no balance moved, no stat, no ledger event.
            assertEquals(0, inboxRows(first, middle, last));
            assertEquals(100_000, balance(requester));
            assertEquals(0, balance(owner));
            assertEquals(0, user(requester).getLong("records.imagesRequested"));
        } finally {
            dropTrigger(trigger);
        }

        assertEquals(List.of(Result.SETTLED, Result.SETTLED, Result.SETTLED), settle(first, middle, last));
        assertEquals(100_000 - 3 * 950, balance(requester));
        assertEquals(1300, balance(owner));
        assertEquals(650, balance(failingOwner));
        assertLedgerHolds();
    }

    @Test
    void theConsumerRetriesAFailedBatchUntilItSettles() throws Exception {
        long requester = createUser(100_000, false);
        long owner = createUser(0, true);
        long failingOwner = createUser(0, true);
        JobCompleted first = delivered(requester, owner, 650, 300);
        JobCompleted failing = delivered(requester, failingOwner, 650, 300);
        String trigger = failWhileSettling(failingOwner);
        try {
            try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
                for (JobCompleted event : List.of(first, failing)) {
                    companion.produceStrings()
                            .fromRecords(new ProducerRecord<>(topicPrefix + "horde.jobs.completed",
                                    event.aggregateKey(), json.writeValueAsString(event)))
                            .awaitCompletion(WAIT);
                }
            }
            // While the failure lasts the consumer keeps retrying; whatever batches it forms, the failing job's never
            // commits.
            Thread.sleep(3000);
            assertEquals(0, balance(failingOwner));
            assertEquals(0, inboxRows(failing));
        } finally {
            dropTrigger(trigger);
        }
        await().atMost(WAIT).until(() -> balance(failingOwner) == 650 && balance(owner) == 650);
        assertEquals(100_000 - 2 * 950, balance(requester));
        assertLedgerHolds();
    }

    /**
     * A failure PostgreSQL raises while a settlement of {@code ownerId}'s worker writes its stats, i.e. after the
     * batch's earlier settlements were written in the same transaction. Returns the trigger's name.
     */
    private String failWhileSettling(long ownerId) {
        String name = "fail_settling_" + ownerId;
        pool.query("""
                        create or replace function fail_settlement_for_test() returns trigger language plpgsql as $$
                        begin
                            raise exception 'injected failure for a test';
                        end $$
                        """).execute().await().atMost(WAIT);
        pool.query("create trigger " + name + " before update on user_records for each row when (old.user_id = "
                + ownerId + ") execute function fail_settlement_for_test()").execute().await().atMost(WAIT);
        return name;
    }

    private void dropTrigger(String name) {
        pool.query("drop trigger if exists " + name + " on user_records").execute().await().atMost(WAIT);
    }
}
