package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.SharedKeyDetails;

/** Shared keys (V7_1) and what settlement counted against them. Amounts in centikudos, -1 = unlimited. */
@ApplicationScoped
public class SharedKeyRepository {

    private static final String SELECT = """
            select k.id, k.owner_user_id, u.username || '#' || u.id as owner_alias, k.name, k.kudos, k.expiry,
                   k.utilized, k.max_image_pixels, k.max_image_steps, k.max_text_tokens
              from shared_keys k join users u on u.id = k.owner_user_id
            """;

    public Uni<Optional<SharedKeyDetails>> find(SqlClient client, UUID id) {
        return client.preparedQuery(SELECT + " where k.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next())));
    }

    public Uni<Optional<SharedKeyDetails>> lock(SqlClient client, UUID id) {
        return client.preparedQuery(SELECT + " where k.id = $1 for update of k").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next())));
    }

    public Uni<List<UUID>> idsOf(SqlClient client, long ownerUserId) {
        return client.preparedQuery("select id from shared_keys where owner_user_id = $1 order by created_at")
                .execute(Tuple.of(ownerUserId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    public Uni<Void> insert(SqlClient client, UUID id, long ownerUserId, String name, long kudos,
                            OffsetDateTime expiry, int maxImagePixels, int maxImageSteps, int maxTextTokens) {
        return client.preparedQuery("""
                        insert into shared_keys (id, owner_user_id, name, kudos, expiry, max_image_pixels,
                                                 max_image_steps, max_text_tokens)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)
                        """)
                .execute(Tuple.tuple(Arrays.asList(id, ownerUserId, name, kudos, expiry, maxImagePixels,
                        maxImageSteps, maxTextTokens)))
                .replaceWithVoid();
    }

    /**
     * Applies the non-null fields; {@code setExpiry} tells a new expiry (possibly null = never) from no change.
     */
    public Uni<Void> modify(SqlClient client, UUID id, String name, Long kudos, boolean setExpiry,
                            OffsetDateTime expiry, Integer maxImagePixels, Integer maxImageSteps,
                            Integer maxTextTokens) {
        return client.preparedQuery("""
                        update shared_keys
                           set name = coalesce($2, name),
                               kudos = coalesce($3, kudos),
                               expiry = case when $4 then $5 else expiry end,
                               max_image_pixels = coalesce($6, max_image_pixels),
                               max_image_steps = coalesce($7, max_image_steps),
                               max_text_tokens = coalesce($8, max_text_tokens)
                         where id = $1
                        """)
                .execute(Tuple.tuple(Arrays.asList(id, name, kudos, setExpiry, expiry, maxImagePixels,
                        maxImageSteps, maxTextTokens)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery("delete from shared_keys where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /**
     * Counts a settled job against the key, once per ledger event: false when this job was counted before. A key
     * deleted since the request was made counts nothing (its owner was still charged through the ledger).
     */
    public Uni<Boolean> recordUsage(SqlClient client, UUID ledgerEventId, UUID keyId, long cost) {
        return client.preparedQuery("""
                        insert into shared_key_usage (ledger_event_id, shared_key_id, kudos) values ($1, $2, $3)
                        on conflict do nothing
                        """)
                .execute(Tuple.of(ledgerEventId, keyId, cost))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> setBudget(SqlClient client, UUID id, long kudos, long addUtilized) {
        return client.preparedQuery("update shared_keys set kudos = $2, utilized = utilized + $3 where id = $1")
                .execute(Tuple.of(id, kudos, addUtilized))
                .replaceWithVoid();
    }

    private static SharedKeyDetails key(Row row) {
        OffsetDateTime expiry = row.getOffsetDateTime("expiry");
        return new SharedKeyDetails(row.getUUID("id"), row.getLong("owner_user_id"), row.getString("owner_alias"),
                row.getString("name"), row.getLong("kudos"), expiry == null ? null : expiry.toInstant(),
                row.getLong("utilized"), row.getInteger("max_image_pixels"), row.getInteger("max_image_steps"),
                row.getInteger("max_text_tokens"));
    }
}
