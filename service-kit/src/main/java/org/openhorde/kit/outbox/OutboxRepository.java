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
     * Takes the relay lock for the caller's transaction; false when another relay (another replica) holds it: two
     * relays publishing the same rows concurrently could publish them out of order. The key is derived from the
     * schema, so that environments sharing one database (a running horde, tests, ITs) never wait for each other.
     */
    public Uni<Boolean> tryRelayLock(SqlClient client) {
        return client.query("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) as locked")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** The oldest unpublished events, in the order they were written. */
    public Uni<List<PendingEvent>> unpublished(SqlClient client, int limit) {
        return client.preparedQuery("""
                        select id, topic, record_key, payload from outbox
                         where published_at is null order by id limit $1
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
