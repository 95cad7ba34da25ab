package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The transfer and award audit trail, and the idempotency look-ups that ride on ledger event ids. */
@ApplicationScoped
public class TransferRepository {

    public Uni<Void> record(SqlClient client, UUID eventId, String kind, long from, long to, long amount, String reason) {
        return client.preparedQuery("""
                        insert into kudos_transfers (event_id, kind, from_user_id, to_user_id, amount, reason)
                        values ($1, $2, $3, $4, $5, $6)
                        """)
                .execute(Tuple.from(new Object[] {eventId, kind, from, to, amount, reason}))
                .replaceWithVoid();
    }

    /** Whether {@code from} received kudos from {@code to} within the window (then a transfer back is too fast). */
    public Uni<Boolean> receivedRecently(SqlClient client, long from, long to, Duration window) {
        return client.preparedQuery("""
                        select 1 from kudos_transfers
                         where kind = 'transfer' and from_user_id = $1 and to_user_id = $2
                           and created_at > now() - make_interval(secs => $3)
                         limit 1
                        """)
                .execute(Tuple.of(to, from, (double) window.toSeconds()))
                .map(rows -> rows.size() > 0);
    }

    /** The reference a ledger event was recorded with, if it exists. */
    public Uni<Optional<String>> eventReference(SqlClient client, UUID eventId) {
        return client.preparedQuery("select reference from ledger_events where event_id = $1")
                .execute(Tuple.of(eventId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("reference")));
    }
}
