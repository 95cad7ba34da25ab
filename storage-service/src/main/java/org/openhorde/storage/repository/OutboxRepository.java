package org.openhorde.storage.repository;

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
 * The transactional outbox: events are written in the same transaction as the change they announce, and a relay
 * publishes them afterwards, so a change is never committed without its event nor announced without being committed.
 */
@ApplicationScoped
public class OutboxRepository {

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
     * Takes the relay lock for the caller's transaction; false when another relay (another instance) holds it. The
     * key includes the schema, so environments sharing one database do not wait for each other.
     */
    public Uni<Boolean> tryLock(SqlClient client) {
        return client.query("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) as locked")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** The oldest unpublished events, in the order they were written. */
    public Uni<List<OutboxEntry>> unpublished(SqlClient client, int limit) {
        return client.preparedQuery("""
                        select id, topic, record_key, payload from outbox
                        where published_at is null order by id limit $1
                        """)
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<OutboxEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new OutboxEntry(row.getLong("id"), row.getString("topic"),
                                row.getString("record_key"), row.getString("payload")));
                    }
                    return entries;
                });
    }

    public Uni<Void> markPublished(SqlClient client, List<OutboxEntry> entries) {
        Long[] ids = entries.stream().map(OutboxEntry::id).toArray(Long[]::new);
        return client.preparedQuery("update outbox set published_at = now() where id = any($1)")
                .execute(Tuple.of(ids))
                .replaceWithVoid();
    }
}
