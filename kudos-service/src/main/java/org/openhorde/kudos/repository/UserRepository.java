package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.UserRecords;
import org.openhorde.contracts.internal.UserStanding;

/** Users, their key hashes, kudos_details and usage records. Callers pass the connection (and so the transaction). */
@ApplicationScoped
public class UserRepository {

    private static final String SELECT_USER = """
            select u.id, u.username, u.pseudonymous, u.trusted, u.moderator, u.admin, u.concurrency, u.created_at,
                   u.flagged, u.customizer, u.vpn, u.service, u.education, u.special, u.deleted, u.public_workers,
                   u.worker_invited, u.usage_multiplier, u.contact,
                   a.balance, coalesce(e.balance, 0) as evaluating
              from users u join accounts a on a.id = 'user:' || u.id
                   left join accounts e on e.id = 'escrow:user:' || u.id
            """;

    public Uni<Optional<UserRow>> findByKeyHash(SqlClient client, String keyHash) {
        return client.preparedQuery(SELECT_USER + " where u.api_key_hash = $1")
                .execute(Tuple.of(keyHash))
                .map(UserRepository::firstUser);
    }

    public Uni<Optional<UserRow>> findById(SqlClient client, long id) {
        return client.preparedQuery(SELECT_USER + " where u.id = $1")
                .execute(Tuple.of(id))
                .map(UserRepository::firstUser);
    }

    /** The users with these ids, by id, in one statement; ids without a user are absent from the map. */
    public Uni<Map<Long, UserRow>> findByIds(SqlClient client, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery(SELECT_USER + " where u.id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, UserRow> found = new HashMap<>();
                    for (Row row : rows) {
                        UserRow user = firstUser(List.of(row)).orElseThrow();
                        found.put(user.id(), user);
                    }
                    return found;
                });
    }

    /** Inserts a user with the next id and returns that id. */
    public Uni<Long> insert(SqlClient client, String username, String keyHash, boolean trusted, boolean moderator,
                            int concurrency) {
        return client.preparedQuery("""
                        insert into users (id, username, api_key_hash, pseudonymous, trusted, moderator, admin, concurrency)
                        values (nextval('user_ids'), $1, $2, true, $3, $4, false, $5) returning id
                        """)
                .execute(Tuple.of(username, keyHash, trusted, moderator, concurrency))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * Creates or re-keys one of the fixed system users (anonymous = 0, operator = 1).
     *
     * @return whether the user's key changed (a new user counts): its old key must stop working everywhere
     */
    public Uni<Boolean> upsertSystemUser(SqlClient client, long id, String username, String keyHash, boolean admin,
                                         int concurrency) {
        return client.preparedQuery("""
                        insert into users (id, username, api_key_hash, pseudonymous, trusted, moderator, admin, concurrency)
                        values ($1, $2, $3, false, $4, $4, $4, $5)
                        on conflict (id) do update set api_key_hash = excluded.api_key_hash
                         where users.api_key_hash <> excluded.api_key_hash
                        returning id
                        """)
                .execute(Tuple.of(id, username, keyHash, admin, concurrency))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> setTrusted(SqlClient client, long userId, boolean trusted) {
        return client.preparedQuery("update users set trusted = $2 where id = $1")
                .execute(Tuple.of(userId, trusted))
                .replaceWithVoid();
    }

    public Uni<Void> ensureRecords(SqlClient client, long userId) {
        return client.preparedQuery("insert into user_records (user_id) values ($1) on conflict do nothing")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    public Uni<Map<String, Long>> stats(SqlClient client, long userId) {
        return client.preparedQuery("select category, amount from user_stats where user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    Map<String, Long> stats = new HashMap<>();
                    for (Row row : rows) {
                        stats.put(row.getString("category"), row.getLong("amount"));
                    }
                    return stats;
                });
    }

    public Uni<Void> addToStat(SqlClient client, long userId, String category, long amount) {
        return client.preparedQuery("""
                        insert into user_stats (user_id, category, amount) values ($1, $2, $3)
                        on conflict (user_id, category) do update set amount = user_stats.amount + excluded.amount
                        """)
                .execute(Tuple.of(userId, category, amount))
                .replaceWithVoid();
    }

    /**
     * A settlement's bookkeeping beside the ledger, in one statement (decision 0047; up to five before): the
     * kudos_details deltas ({@code statUsers}/{@code statCategories}/{@code statAmounts}, at most one per user and
     * category: one statement may not update a row twice, so the caller merges them), the requester's usage and the
     * owner's contribution records (when {@code pixelsteps} is not null; requester and owner may be the same user,
     * whose row then gets both in one update), and the worker's kudos_details category (when {@code workerId} is not
     * null and {@code workerAmount} is not 0).
     */
    public Uni<Void> recordSettlement(SqlClient client, Long[] statUsers, String[] statCategories, Long[] statAmounts,
                                      long requesterId, Long ownerId, Long pixelsteps, UUID workerId,
                                      String workerCategory, long workerAmount) {
        return client.preparedQuery("""
                        with stats as (
                            insert into user_stats (user_id, category, amount)
                            select * from unnest($1::bigint[], $2::varchar[], $3::bigint[])
                            on conflict (user_id, category) do update set amount = user_stats.amount + excluded.amount
                        ), records as (
                            update user_records
                               set usage_pixelsteps = usage_pixelsteps
                                       + case when user_id = $4::bigint then $6::bigint else 0 end,
                                   images_requested = images_requested + case when user_id = $4::bigint then 1 else 0 end,
                                   contribution_pixelsteps = contribution_pixelsteps
                                       + case when user_id = $5::bigint then $6::bigint else 0 end,
                                   images_fulfilled = images_fulfilled + case when user_id = $5::bigint then 1 else 0 end
                             where $6::bigint is not null and (user_id = $4::bigint or user_id = $5::bigint)
                        ), worker as (
                            insert into worker_stats (worker_id, category, amount)
                            select $7::uuid, $8::varchar, $9::bigint where $7::uuid is not null and $9::bigint <> 0
                            on conflict (worker_id, category) do update set amount = worker_stats.amount + excluded.amount
                        )
                        select 1
                        """)
                .execute(Tuple.tuple(Arrays.asList(statUsers, statCategories, statAmounts, requesterId,
                        ownerId, pixelsteps, workerId, workerCategory, workerAmount)))
                .replaceWithVoid();
    }

    public Uni<UserRecords> records(SqlClient client, long userId) {
        return client.preparedQuery("select * from user_records where user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new UserRecords(0, 0, 0, 0);
                    }
                    Row row = rows.iterator().next();
                    return new UserRecords(row.getLong("usage_pixelsteps"), row.getLong("contribution_pixelsteps"),
                            row.getLong("images_requested"), row.getLong("images_fulfilled"));
                });
    }

    public Uni<Void> recordUsage(SqlClient client, long requesterId, long pixelsteps) {
        return client.preparedQuery("""
                        update user_records set usage_pixelsteps = usage_pixelsteps + $2,
                                                images_requested = images_requested + 1
                         where user_id = $1
                        """)
                .execute(Tuple.of(requesterId, pixelsteps))
                .replaceWithVoid();
    }

    public Uni<Void> recordContribution(SqlClient client, long ownerId, long pixelsteps) {
        return client.preparedQuery("""
                        update user_records set contribution_pixelsteps = contribution_pixelsteps + $2,
                                                images_fulfilled = images_fulfilled + 1
                         where user_id = $1
                        """)
                .execute(Tuple.of(ownerId, pixelsteps))
                .replaceWithVoid();
    }

    private static Optional<UserRow> firstUser(Iterable<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return Optional.empty();
        }
        Row row = iterator.next();
        return Optional.of(new UserRow(row.getLong("id"), row.getString("username"), row.getBoolean("pseudonymous"),
                row.getBoolean("trusted"), row.getBoolean("moderator"), row.getBoolean("admin"),
                row.getInteger("concurrency"), row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC)
                .toInstant(), row.getLong("balance"), row.getLong("evaluating"), standing(row)));
    }

    private static UserStanding standing(Row row) {
        return new UserStanding(row.getBoolean("flagged"), row.getBoolean("customizer"), row.getBoolean("vpn"),
                row.getBoolean("service"), row.getBoolean("education"), row.getBoolean("special"),
                row.getBoolean("deleted"), row.getBoolean("public_workers"), row.getInteger("worker_invited"),
                row.getDouble("usage_multiplier"), row.getString("contact"));
    }

    /**
     * One page of users, as the AI Horde lists them: by kudos (balance, highest first) or by age (oldest first).
     * Deleted users are left out (the AI Horde leaves out only wiped ones; ours are never wiped, see decision 0036).
     */
    public Uni<List<UserRow>> page(SqlClient client, boolean byAge, int offset, int limit) {
        String order = byAge ? "u.created_at asc, u.id asc" : "a.balance desc, u.id asc";
        return client.preparedQuery(SELECT_USER + " where not u.deleted order by " + order + " offset $1 limit $2")
                .execute(Tuple.of(offset, limit))
                .map(rows -> {
                    List<UserRow> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(firstUser(List.of(row)).orElseThrow());
                    }
                    return page;
                });
    }

    /** Locks the user's row for the rest of the transaction, so two moderators' changes apply one after the other. */
    public Uni<Optional<UserRow>> lockById(SqlClient client, long id) {
        return client.preparedQuery(SELECT_USER + " where u.id = $1 for update of u")
                .execute(Tuple.of(id))
                .map(UserRepository::firstUser);
    }

    /** Sets one column of the user's row; the column comes from {@link UserColumn}, never from input. */
    public Uni<Void> set(SqlClient client, long userId, UserColumn column, Object value) {
        return client.preparedQuery("update users set " + column.sql() + " = $2 where id = $1")
                .execute(Tuple.of(userId, value))
                .replaceWithVoid();
    }

    /** The columns a moderator, the operator or the user may set through {@code PUT /users/{id}}. */
    public enum UserColumn {
        USERNAME("username"), CONCURRENCY("concurrency"), MODERATOR("moderator"), TRUSTED("trusted"),
        FLAGGED("flagged"), CUSTOMIZER("customizer"), VPN("vpn"), SERVICE("service"), EDUCATION("education"),
        SPECIAL("special"), DELETED("deleted"), PUBLIC_WORKERS("public_workers"), WORKER_INVITED("worker_invited"),
        USAGE_MULTIPLIER("usage_multiplier"), CONTACT("contact");

        private final String sql;

        UserColumn(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }
    }
}
