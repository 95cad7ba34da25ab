package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The consumer inbox. Claiming an event id inside the effect's transaction makes every consumer idempotent: a
 * redelivered or replayed event finds its id taken and does nothing.
 */
@ApplicationScoped
public class InboxRepository {

    /** Returns true when this event id was not processed before (and now is, if the transaction commits). */
    public Uni<Boolean> claim(SqlClient client, UUID eventId, String topic) {
        return client.preparedQuery("""
                        insert into inbox (event_id, topic, outcome) values ($1, $2, 'processed')
                        on conflict (event_id) do nothing
                        """)
                .execute(Tuple.of(eventId, topic))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Notes why a claimed event had no effect. */
    public Uni<Void> note(SqlClient client, UUID eventId, String outcome, String detail) {
        return client.preparedQuery("update inbox set outcome = $2, detail = $3 where event_id = $1")
                .execute(Tuple.of(eventId, outcome, detail))
                .replaceWithVoid();
    }
}
