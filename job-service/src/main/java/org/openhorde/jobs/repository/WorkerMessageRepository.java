package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.internal.WorkerMessage;

/** Messages to workers' owners (V17_1__prompt_filters_and_worker_messages.sql). */
@ApplicationScoped
public class WorkerMessageRepository {

    private static final String COLUMNS = "id, worker_id, user_id, message, origin, expiry, created_at";

    public Uni<WorkerMessage> create(Pool pool, WorkerMessage message) {
        return pool.preparedQuery("insert into worker_messages (id, worker_id, user_id, message, origin, expiry)"
                        + " values ($1, $2, $3, $4, $5, $6) returning " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(message.id(), message.workerId(), message.userId(),
                        message.message(), message.origin(), message.expiry().atOffset(ZoneOffset.UTC))))
                .map(rows -> message(rows.iterator().next()));
    }

    public Uni<Optional<WorkerMessage>> find(Pool pool, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from worker_messages where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(message(rows.iterator().next())));
    }

    public Uni<Void> delete(Pool pool, UUID id) {
        return pool.preparedQuery("delete from worker_messages where id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /**
     * The AI Horde's listing: a user's messages and the messages to every worker, of one worker when given, by
     * validity ({@code active}, {@code expired} or {@code all}), 50 a page from page 0.
     */
    public Uni<List<WorkerMessage>> list(Pool pool, Long userId, UUID workerId, String validity, int page,
                                         int size) {
        return pool.preparedQuery("select " + COLUMNS + " from worker_messages"
                        + " where ($1::bigint is null or user_id = $1 or worker_id is null)"
                        + "   and ($2::uuid is null or worker_id = $2)"
                        + "   and ($3 = 'all' or ($3 = 'active' and expiry > now())"
                        + "        or ($3 = 'expired' and expiry <= now()))"
                        + " order by created_at desc, id offset $4 limit $5")
                .execute(Tuple.tuple(Arrays.asList(userId, workerId, validity, page * size, size)))
                .map(WorkerMessageRepository::messages);
    }

    /** Every unexpired message: to one worker, or to all of them. Read by the pops' cache. */
    public Uni<List<WorkerMessage>> active(Pool pool) {
        return pool.preparedQuery("select " + COLUMNS + " from worker_messages where expiry > now()"
                        + " order by created_at, id")
                .execute()
                .map(WorkerMessageRepository::messages);
    }

    private static List<WorkerMessage> messages(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<WorkerMessage> found = new ArrayList<>();
        rows.forEach(row -> found.add(message(row)));
        return found;
    }

    private static WorkerMessage message(Row row) {
        return new WorkerMessage(row.getUUID("id"), row.getUUID("worker_id"), row.getLong("user_id"),
                row.getString("message"), row.getString("origin"), instant(row.getOffsetDateTime("expiry")),
                instant(row.getOffsetDateTime("created_at")));
    }

    private static java.time.Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
