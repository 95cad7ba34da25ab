package org.openhorde.kudos.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.openhorde.contracts.events.HordeEvent;

/**
 * The producer outbox: events are appended in the transaction that caused them, and relayed to Kafka afterwards.
 * The payload is the event's Jackson JSON, exactly what consumers deserialise into the contracts record.
 */
@ApplicationScoped
public class OutboxRepository {

    /** An outbox row waiting to be published; {@code topic} is the logical name, without environment prefix. */
    public record PendingEvent(long id, String topic, String recordKey, String payload) {
    }

    private final ObjectMapper json;

    OutboxRepository(ObjectMapper json) {
        this.json = json;
    }

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
     * Takes the relay's transaction-scoped advisory lock. False when another relay (another replica) holds it: two
     * relays publishing the same rows concurrently could publish them out of order.
     */
    public Uni<Boolean> tryRelayLock(SqlClient client, long lockKey) {
        return client.preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(lockKey))
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
