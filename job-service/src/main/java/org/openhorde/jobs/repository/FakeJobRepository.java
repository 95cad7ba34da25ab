package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.jobs.domain.FakeJob;

/** The decoy jobs handed to paused workers (V9_7__fake_jobs.sql). */
@ApplicationScoped
public class FakeJobRepository {

    /**
     * Records a decoy of {@code requestId} for the worker. Empty when the worker already has one of that request (a
     * concurrent pop of the same worker handed it out first).
     */
    public Uni<Optional<UUID>> create(SqlClient client, UUID workerId, UUID requestId, String model) {
        UUID id = UUID.randomUUID();
        return client.preparedQuery("""
                        insert into fake_jobs (id, request_id, worker_id, model) values ($1, $2, $3, $4)
                        on conflict (worker_id, request_id) do nothing
                        """)
                .execute(Tuple.of(id, requestId, workerId, model))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(id) : Optional.empty());
    }

    /** Locks a decoy for its submission, so that of two concurrent submits of it the second is a duplicate. */
    public Uni<Optional<FakeJob>> lockForSubmit(SqlClient client, UUID id) {
        return client.preparedQuery("""
                        select f.id, f.request_id, w.owner_user_id, f.submitted_at is not null as submitted
                          from fake_jobs f join workers w on w.id = f.worker_id
                         where f.id = $1
                           for update of f
                        """)
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new FakeJob(row.getUUID("id"), row.getUUID("request_id"),
                            row.getLong("owner_user_id"), row.getBoolean("submitted")));
                });
    }

    public Uni<Void> markSubmitted(SqlClient client, UUID id) {
        return client.preparedQuery("update fake_jobs set submitted_at = now() where id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }
}
