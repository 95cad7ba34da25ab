package org.openhorde.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
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
     * Takes the relay lock for the caller's transaction and reads the oldest unpublished events, in the order they
     * were written, in one statement; no events when another relay (another replica) holds the lock: two relays
     * publishing the same rows concurrently could publish them out of order. The key is derived from the schema, so
     * that environments sharing one database (a running horde, tests, ITs) never wait for each other.
     *
     * <p>One statement instead of a lock query and a select (decision 0029): a relay pass runs after every committed
     * change that wrote events and once a second besides. The lock is taken once, in the materialized CTE, before
     * the outbox is read (the select's filter on it is an init plan: evaluated once, first), so the rows are read
     * under the lock as before.
     */
    public Uni<List<PendingEvent>> lockAndReadUnpublished(SqlClient client, int limit) {
        return client.preparedQuery("""
                        with relay_lock as materialized (
                            select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) as locked
                        )
                        select id, topic, record_key, payload from outbox
                         where (select locked from relay_lock) and published_at is null
                         order by id limit $1
                        """)
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingEvent> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new PendingEvent(row.getLong("id"), row.getString("topic"),
                                row.getString("record_key"), row.getString("payload")));
                    }
                    return pending;
                });
    }

    public Uni<Void> markPublished(SqlClient client, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("update outbox set published_at = now() where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }
}
