package org.openhorde.kudos.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Worker kudos_details: what each worker earned for its owner, per category, in full. */
@ApplicationScoped
public class WorkerStatsRepository {

    public Uni<Void> add(SqlClient client, UUID workerId, String category, long amount) {
        if (amount == 0) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("""
                        insert into worker_stats (worker_id, category, amount) values ($1, $2, $3)
                        on conflict (worker_id, category) do update set amount = worker_stats.amount + excluded.amount
                        """)
                .execute(Tuple.of(workerId, category, amount))
                .replaceWithVoid();
    }

    public Uni<Map<String, Long>> stats(SqlClient client, UUID workerId) {
        return client.preparedQuery("select category, amount from worker_stats where worker_id = $1")
                .execute(Tuple.of(workerId))
                .map(rows -> {
                    Map<String, Long> stats = new HashMap<>();
                    for (Row row : rows) {
                        stats.put(row.getString("category"), row.getLong("amount"));
                    }
                    return stats;
                });
    }
}
