package org.openhorde.kit.inbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The consumer inbox. Claiming an event id inside the effect's transaction makes every consumer idempotent: a
 * redelivered or replayed event finds its id taken and does nothing. The table is the service's own {@code inbox}
 * (DDL: {@code org/openhorde/kit/outbox-inbox.sql}).
 *
 * <p>Present only in a service that sets {@code horde.kit.inbox.enabled=true}: a service without a database (the
 * api-gateway) has no {@code inbox} table, and a bean it never meant to have should not be there to be injected.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxRepository.ENABLED, stringValue = "true")
public class InboxRepository {

    /** Build-time switch: {@code true} in every service whose schema has the {@code inbox} table. */
    public static final String ENABLED = "horde.kit.inbox.enabled";

    /** The outcome {@link #claim(SqlClient, UUID, String)} records: the event had its effect. */
    public static final String PROCESSED = "processed";

    /**
     * Returns true when this event id was not processed before (and now is, if the transaction commits), with the
     * outcome {@value #PROCESSED}.
     */
    public Uni<Boolean> claim(SqlClient client, UUID eventId, String topic) {
        return claim(client, eventId, topic, PROCESSED);
    }

    /**
     * Returns true when this event id was not processed before (and now is, if the transaction commits), recording
     * the outcome the caller plans (at most 32 characters, e.g. {@code recorded}, {@code ignored}).
     */
    public Uni<Boolean> claim(SqlClient client, UUID eventId, String topic, String outcome) {
        return client.preparedQuery("""
                        insert into inbox (event_id, topic, outcome) values ($1, $2, $3)
                        on conflict (event_id) do nothing
                        """)
                .execute(Tuple.of(eventId, topic, outcome))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims a batch of event ids in one statement (outcome {@value #PROCESSED}) and returns those that were not
     * processed before; an id given twice is claimed once. The caller processes only the returned ids, in the same
     * transaction.
     */
    public Uni<Set<UUID>> claimAll(SqlClient client, Collection<UUID> eventIds, String topic) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // Distinct first: the statement never meets its own row, whatever PostgreSQL does with in-statement conflicts.
        UUID[] distinct = new LinkedHashSet<>(eventIds).toArray(UUID[]::new);
        return client.preparedQuery("""
                        insert into inbox (event_id, topic, outcome)
                        select e.event_id, $2, $3 from unnest($1::uuid[]) as e(event_id)
                        on conflict (event_id) do nothing
                        returning event_id
                        """)
                .execute(Tuple.of(distinct, topic, PROCESSED))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID("event_id")));
                    return fresh;
                });
    }

    /**
     * Notes why a claimed event had another outcome than planned (ignored, rejected, already settled under another
     * event id), in the same transaction as the claim. {@code detail} is at most 500 characters.
     */
    public Uni<Void> note(SqlClient client, UUID eventId, String outcome, String detail) {
        return client.preparedQuery("update inbox set outcome = $2, detail = $3 where event_id = $1")
                .execute(Tuple.of(eventId, outcome, detail))
                .replaceWithVoid();
    }
}
