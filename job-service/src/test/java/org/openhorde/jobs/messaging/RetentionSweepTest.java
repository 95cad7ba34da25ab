package org.openhorde.jobs.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.kit.inbox.InboxRetention;
import org.openhorde.kit.outbox.OutboxRetention;

/**
 * Pins service-kit's retention sweeps over the real PostgreSQL (decision 0057), with job-service's defaults: published
 * outbox rows go after 7 days, unpublished ones never, inbox rows after 30 days, and a sweep takes everything due in
 * as many batches as it needs. The rows here are back-dated; the other tests' rows are all younger than any
 * retention, so the sweeps never touch them.
 */
@QuarkusTest
class RetentionSweepTest {

    /** A topic no service consumes: these rows are not events. */
    private static final String TOPIC = "horde.retention-test";

    @Inject
    Pool pool;
    @Inject
    OutboxRetention outboxRetention;
    @Inject
    InboxRetention inboxRetention;
    @Inject
    MeterRegistry metrics;

    @Test
    void publishedRowsGoOnceOlderThanTheRetentionAndUnpublishedOnesNever() {
        // While this connection holds the relay's lock no relay publishes the old unpublished row (which would make it
        // a recently published one) before the sweep has looked at it.
        SqlConnection relayLock = pool.getConnection().await().indefinitely();
        UUID unpublished = UUID.randomUUID();
        try {
            relayLock.query("select pg_advisory_lock(hashtext(current_schema() || '.outbox'))").execute()
                    .await().indefinitely();
            UUID publishedEightDaysAgo = outboxRow(8, 8);
            UUID publishedSixDaysAgo = outboxRow(8, 6);
            outboxRow(unpublished, 30, null);
            double sweptBefore = metrics.counter("horde_outbox_swept_total").count();

            long deleted = outboxRetention.sweep().await().indefinitely();

            assertEquals(Set.of(publishedSixDaysAgo, unpublished),
                    present("outbox", List.of(publishedEightDaysAgo, publishedSixDaysAgo, unpublished)));
            assertTrue(deleted >= 1, "deleted " + deleted);
            assertEquals(deleted, metrics.counter("horde_outbox_swept_total").count() - sweptBefore, 0.0);
        } finally {
            pool.preparedQuery("delete from outbox where event_id = $1").execute(Tuple.of(unpublished))
                    .await().indefinitely();
            relayLock.query("select pg_advisory_unlock(hashtext(current_schema() || '.outbox'))").execute()
                    .await().indefinitely();
            relayLock.close().await().indefinitely();
        }
    }

    @Test
    void oneSweepTakesEverythingDueInAsManyBatchesAsItNeeds() {
        String key = "bulk-" + UUID.randomUUID();
        int rows = 10_001; // two full batches of 5,000 and a last one that finds one row
        pool.preparedQuery("""
                        insert into outbox (event_id, topic, record_key, payload, created_at, published_at)
                        select gen_random_uuid(), $1, $2, '{}', now() - interval '9 days', now() - interval '9 days'
                        from generate_series(1, $3)
                        """)
                .execute(Tuple.of(TOPIC, key, rows)).await().indefinitely();

        long deleted = outboxRetention.sweep().await().indefinitely();

        assertTrue(deleted >= rows, "deleted " + deleted);
        assertEquals(0L, pool.preparedQuery("select count(*) from outbox where record_key = $1")
                .execute(Tuple.of(key)).await().indefinitely().iterator().next().getLong(0));
    }

    @Test
    void inboxRowsGoOnceOlderThanTheRetention() {
        UUID processedLongAgo = inboxRow(31);
        UUID processedRecently = inboxRow(29);
        double sweptBefore = metrics.counter("horde_inbox_swept_total").count();

        long deleted = inboxRetention.sweep().await().indefinitely();

        assertEquals(Set.of(processedRecently), present("inbox", List.of(processedLongAgo, processedRecently)));
        assertTrue(deleted >= 1, "deleted " + deleted);
        assertEquals(deleted, metrics.counter("horde_inbox_swept_total").count() - sweptBefore, 0.0);
    }

    private UUID outboxRow(int createdDaysAgo, Integer publishedDaysAgo) {
        UUID eventId = UUID.randomUUID();
        outboxRow(eventId, createdDaysAgo, publishedDaysAgo);
        return eventId;
    }

    /** {@code publishedDaysAgo} null: never published. */
    private void outboxRow(UUID eventId, int createdDaysAgo, Integer publishedDaysAgo) {
        pool.preparedQuery("""
                        insert into outbox (event_id, topic, record_key, payload, created_at, published_at)
                        values ($1, $2, 'retention', '{}', now() - make_interval(days => $3), now() - make_interval(days => $4))
                        """)
                .execute(Tuple.of(eventId, TOPIC, createdDaysAgo, publishedDaysAgo)).await().indefinitely();
    }

    private UUID inboxRow(int processedDaysAgo) {
        UUID eventId = UUID.randomUUID();
        pool.preparedQuery("""
                        insert into inbox (event_id, topic, outcome, processed_at)
                        values ($1, $2, 'processed', now() - make_interval(days => $3))
                        """)
                .execute(Tuple.of(eventId, TOPIC, processedDaysAgo)).await().indefinitely();
        return eventId;
    }

    private Set<UUID> present(String table, List<UUID> eventIds) {
        Set<UUID> present = new HashSet<>();
        pool.preparedQuery("select event_id from " + table + " where event_id = any($1)")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new))).await().indefinitely()
                .forEach(row -> present.add(row.getUUID("event_id")));
        return present;
    }
}
