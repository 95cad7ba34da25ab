package org.openhorde.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.openhorde.contracts.events.HordeEvent;

/**
 * The transactional outbox: a service appends an event in the same transaction as the change it announces, and the
 * {@link OutboxRelay} publishes it afterwards, so a change is never committed without its event nor announced without
 * being committed. The table is the service's own {@code outbox} (DDL: {@code org/openhorde/kit/outbox-inbox.sql}).
 *
 * <p>Present only in a service that sets {@code horde.kit.outbox.enabled=true} (see {@link OutboxRelay} for why).
 */
@ApplicationScoped
@IfBuildProperty(name = OutboxRelay.ENABLED, stringValue = "true")
public class OutboxRepository {

    private final ObjectMapper json;

    OutboxRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Writes the event in the caller's transaction ({@code client} is its connection). The payload is the event's
     * Jackson JSON, the Kafka key its {@code aggregateKey()}.
     *
     * @param topic the logical {@link org.openhorde.contracts.Topics} name, without the environment prefix
     */
    public Uni<Void> append(SqlClient client, String topic, HordeEvent event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
        return client.preparedQuery("insert into outbox (event_id, topic, record_key, payload) values ($1, $2, $3, $4)")
                .execute(Tuple.of(event.eventId(), topic, event.aggregateKey(), payload))
                .replaceWithVoid();
    }

    /**
     * Opens a relay pass: takes the relay lock and reads the oldest unpublished events, in the order they were
     * written, in one statement (no transaction of its own). Without events to publish the same statement gives the
     * lock back, so an idle pass is one round trip. No events either when another relay (another replica) holds the
     * lock: two relays publishing the same rows concurrently could publish them out of order. The key is derived from
     * the schema, so that environments sharing one database (a running horde, tests, ITs) never wait for each other.
     *
     * <p>The lock is a <em>session</em> lock (decision 0054): it outlives the statement, so the relay keeps it while
     * the batch goes to Kafka without holding a transaction open, and gives it back in the statement that marks the
     * batch ({@link #markAndReadNext}, {@link #markAndRelease}) or, after a failure, {@link #release}. The caller
     * must run all of them on this one connection. Should the process die, the lock goes with its connection.
     *
     * <p>The lock is taken once, in the materialized CTE, before the outbox is read (the select's filter on it is a
     * one-time filter, evaluated first), so the rows are read under the lock (decision 0029).
     *
     * @return the batch, empty when the lock is not (or no longer) held by this connection
     */
    public Uni<List<PendingEvent>> lockAndReadUnpublished(SqlClient connection, int limit) {
        return connection.preparedQuery("""
                        with relay_lock as materialized (
                            select pg_try_advisory_lock(%1$s) as locked
                        ), batch as materialized (
                            select id, topic, record_key, payload from outbox
                             where (select locked from relay_lock) and published_at is null
                             order by id limit $1
                        ), released as materialized (
                            select pg_advisory_unlock(%1$s) as unlocked
                             where (select locked from relay_lock) and not exists (select 1 from batch)
                        )
                        %2$s
                        """.formatted(RELAY_LOCK_KEY, BATCH_AFTER_RELEASE))
                .execute(Tuple.of(limit))
                .map(OutboxRepository::pendingEvents);
    }

    /**
     * Marks the acknowledged batch published and, in the same statement, reads the next one under the lock this
     * connection still holds; when nothing more waits, the statement gives the lock back. A relay that keeps finding
     * events thus spends one round trip per batch, and a pass that published one batch two in all.
     *
     * <p>The update and the read share the statement's snapshot, so the read cannot see the rows it marks as
     * published: it leaves them out by id. Rows with smaller ids that committed since (ids are taken before commit,
     * so they can commit out of order) are read as before, oldest first.
     *
     * @param acknowledged the ids of the whole previous batch, every one acknowledged by the broker
     * @return the next batch; empty when the lock was given back
     */
    public Uni<List<PendingEvent>> markAndReadNext(SqlClient connection, List<Long> acknowledged, int limit) {
        return connection.preparedQuery("""
                        with marked as (
                            update outbox set published_at = now() where id = any($1)
                        ), batch as materialized (
                            select id, topic, record_key, payload from outbox
                             where published_at is null and id <> all($1)
                             order by id limit $2
                        ), released as materialized (
                            select pg_advisory_unlock(%1$s) as unlocked
                             where not exists (select 1 from batch)
                        )
                        %2$s
                        """.formatted(RELAY_LOCK_KEY, BATCH_AFTER_RELEASE))
                .execute(Tuple.of(acknowledged.toArray(Long[]::new), limit))
                .map(OutboxRepository::pendingEvents);
    }

    /**
     * Marks what the broker acknowledged of a batch that was not acknowledged whole, and gives the lock back in the
     * same statement: the rest waits for the next pass (a nudge or the poll), so a broker outage is not retried in a
     * tight loop.
     */
    public Uni<Void> markAndRelease(SqlClient connection, List<Long> acknowledged) {
        return connection.preparedQuery("""
                        with marked as (
                            update outbox set published_at = now() where id = any($1)
                        )
                        select pg_advisory_unlock(%s) as unlocked
                        """.formatted(RELAY_LOCK_KEY))
                .execute(Tuple.of(acknowledged.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Gives the lock back after a failed pass, marking nothing. A connection that failed is closed, and its lock
     * went with it; one that is still open must not return to the pool holding the lock, or the relay's next passes
     * on other connections would find the outbox locked by this process.
     */
    public Uni<Void> release(SqlClient connection) {
        return connection.preparedQuery("select pg_advisory_unlock(%s) as unlocked".formatted(RELAY_LOCK_KEY))
                .execute()
                .replaceWithVoid();
    }

    /** One relay lock per schema: each environment's outbox is its own. */
    private static final String RELAY_LOCK_KEY = "hashtext(current_schema() || '.outbox')";

    /**
     * The end of the read statements: {@code released} must run even when the batch is empty, so the main query
     * drives from it (an aggregate over it always reads it whole) and joins the batch, which yields one row of nulls
     * when there is no batch.
     */
    private static final String BATCH_AFTER_RELEASE = """
            select b.id, b.topic, b.record_key, b.payload
              from (select count(*) from released) as r
              left join batch as b on true
             order by b.id""";

    private static List<PendingEvent> pendingEvents(RowSet<Row> rows) {
        List<PendingEvent> pending = new ArrayList<>();
        for (Row row : rows) {
            Long id = row.getLong("id");
            if (id != null) {
                pending.add(new PendingEvent(id, row.getString("topic"), row.getString("record_key"),
                        row.getString("payload")));
            }
        }
        return pending;
    }
}
