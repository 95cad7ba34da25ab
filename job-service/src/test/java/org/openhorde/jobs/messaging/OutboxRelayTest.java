package org.openhorde.jobs.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.TopicTail;
import org.openhorde.kit.outbox.OutboxRelay;

/**
 * Pins service-kit's outbox relay over the real PostgreSQL and Kafka (decision 0054): rows leave in written order
 * across batches and the relay's session lock is given back once nothing is left; no row leaves while another relay
 * (a replica) holds the lock; rows whose publication was never marked (a crash between the broker's ack and the
 * mark) are published again, ahead of the rows written after them.
 */
@QuarkusTest
class OutboxRelayTest {

    /** A topic no service consumes: the rows here are not events, only numbers in written order. */
    private static final String TOPIC = "horde.relay-test";

    private static final String UNLOCK = "select pg_advisory_unlock(hashtext(current_schema() || '.outbox'))";

    @Inject
    Pool pool;
    @Inject
    OutboxRelay relay;
    @Inject
    TestGateway gateway;

    @Test
    void rowsLeaveInWrittenOrderAcrossBatchesAndTheLockIsGivenBackAfterwards() {
        String key = "order-" + UUID.randomUUID();
        int rows = 1_201; // the relay reads 500 at a time: three batches, and a fourth read that finds nothing
        try (TopicTail tail = gateway.tail(TOPIC)) {
            write(key, 1, rows);
            relay.nudge();

            assertEquals(numbers(1, rows), tail.awaitValuesWithKey(key, rows));
            assertEquals(0, unpublished(key));
            await().atMost(Duration.ofSeconds(10)).until(this::relayLockIsFree);
        }
    }

    @Test
    void nothingLeavesWhileAnotherRelayHoldsTheLock() {
        String key = "locked-" + UUID.randomUUID();
        SqlConnection otherRelay = pool.getConnection().await().indefinitely();
        try (TopicTail tail = gateway.tail(TOPIC)) {
            otherRelay.query("select pg_advisory_lock(hashtext(current_schema() || '.outbox'))").execute()
                    .await().indefinitely();
            write(key, 1, 3);
            relay.nudge();

            // Nudged, and the safety-net poll runs twice meanwhile: every pass finds the outbox locked.
            assertEquals(List.of(), tail.valuesWithKeyAfter(key, Duration.ofMillis(2_500)));
            assertEquals(3, unpublished(key));

            otherRelay.query(UNLOCK).execute()
                    .await().indefinitely();
            assertEquals(numbers(1, 3), tail.awaitValuesWithKey(key, 3), "the next poll publishes them");
        } finally {
            otherRelay.close().await().indefinitely();
        }
    }

    @Test
    void rowsNeverMarkedPublishedAreSentAgainAheadOfLaterRows() {
        String key = "crash-" + UUID.randomUUID();
        try (TopicTail tail = gateway.tail(TOPIC)) {
            write(key, 1, 3);
            relay.nudge();
            assertEquals(numbers(1, 3), tail.awaitValuesWithKey(key, 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(key) == 0);

            // What a relay that died after the broker acknowledged the rows and before marking them leaves behind.
            pool.preparedQuery("update outbox set published_at = null where record_key = $1").execute(Tuple.of(key))
                    .await().indefinitely();
            write(key, 4, 4);
            relay.nudge();

            List<String> expected = new ArrayList<>(numbers(1, 3));
            expected.addAll(numbers(1, 4));
            assertEquals(expected, tail.awaitValuesWithKey(key, 7),
                    "the unmarked rows once more, in order, before the row written after them");
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(key) == 0);
        }
    }

    /** Rows numbered {@code from..to} under this key, in one transaction: ids in that order. */
    private void write(String key, int from, int to) {
        pool.preparedQuery("""
                        insert into outbox (event_id, topic, record_key, payload)
                        select gen_random_uuid(), $1, $2, g.n::text
                          from generate_series($3::int, $4::int) as g(n) order by g.n
                        """)
                .execute(Tuple.of(TOPIC, key, from, to)).await().indefinitely();
    }

    private long unpublished(String key) {
        return pool.preparedQuery("select count(*) as n from outbox where record_key = $1 and published_at is null")
                .execute(Tuple.of(key)).await().indefinitely().iterator().next().getLong("n");
    }

    /** True when no session holds the relay lock of this schema (taken and given back at once to find out). */
    private boolean relayLockIsFree() {
        return pool.withConnection(connection -> connection.query("""
                        select pg_try_advisory_lock(hashtext(current_schema() || '.outbox')) as free
                        """).execute()
                        .flatMap(rows -> rows.iterator().next().getBoolean("free")
                                ? connection.query(UNLOCK).execute().replaceWith(true)
                                : Uni.createFrom().item(false)))
                .await().indefinitely();
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }
}
