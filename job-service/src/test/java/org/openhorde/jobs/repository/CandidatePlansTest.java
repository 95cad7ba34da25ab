package org.openhorde.jobs.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.jobs.QueueProbe;
import org.openhorde.jobs.SpecBuilder.Request;
import org.openhorde.jobs.TestGateway;
import org.openhorde.jobs.domain.Worker;

/**
 * A pop's two candidate queries run on their generic plans (decision 0055): PostgreSQL plans each once per connection
 * instead of on every pop, and the pop still finds the first request in queue order. Under {@code plan_cache_mode}
 * {@code auto} alone the first five executions of a statement are always custom-planned, and these two stayed custom
 * for good (planning took 10–15 times as long as running them).
 */
@QuarkusTest
class CandidatePlansTest {

    private static final int POPS = 8;

    @Inject
    TestGateway gateway;

    @Inject
    QueueProbe probe;

    @Inject
    JobRepository jobs;

    @Inject
    Pool pool;

    @Test
    void bothPassesRunOnTheirGenericPlanAndStillFindTheFirstRequest() {
        String model = "plans-" + UUID.randomUUID().toString().substring(0, 8);
        long owner = 7_000_000L + (System.nanoTime() & 0xffff);
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JobSubmitted submitted = new Request(model).submitted();
            gateway.publish(submitted);
            queued.add(submitted.requestId());
        }
        probe.awaitQueued(queued);
        // Equal priority: the oldest request comes first.
        UUID first = queued.get(0);

        // The owner has no requests: the priority pass finds none, the second pass (everybody's) finds the first one.
        Worker worker = new Worker(UUID.randomUUID(), "plans-worker", owner, false, List.of(model), 512L * 512, false,
                false, false, false, false, false, List.of(), false, false, false, List.of(owner), false, null, false,
                null, true);

        Map<String, long[]> plans = pool.getConnection().flatMap(conn -> popRepeatedly(conn, worker, POPS)
                        .flatMap(found -> {
                            found.forEach(request -> assertEquals(Optional.of(first), request,
                                    "every pop finds the first request in queue order"));
                            return plansOf(conn);
                        })
                        .eventually(conn::close))
                .await().atMost(Duration.ofSeconds(60));

        long[] priority = plans.get("priority");
        long[] everybody = plans.get("everybody");
        assertTrue(priority != null && everybody != null, "both candidate statements are prepared: " + plans.keySet());
        assertEquals(0, priority[1], "the priority pass was never custom-planned");
        assertEquals(0, everybody[1], "the second pass was never custom-planned");
        // At least: the pool may have lent this connection to pops before.
        assertTrue(priority[0] >= POPS, "the priority pass ran on its generic plan every time: " + priority[0]);
        assertTrue(everybody[0] >= POPS, "the second pass ran on its generic plan every time: " + everybody[0]);
    }

    /** Each pop in a transaction of its own, rolled back: nothing is claimed, the queue stays as it was. */
    private Uni<List<Optional<UUID>>> popRepeatedly(SqlConnection conn, Worker worker, int times) {
        Uni<List<Optional<UUID>>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < times; i++) {
            chain = chain.flatMap(found -> conn.begin().flatMap(tx -> jobs.lockNextRequest(conn, worker)
                    .call(tx::rollback)
                    .map(request -> {
                        found.add(request);
                        return found;
                    })));
        }
        return chain;
    }

    /** {generic plans, custom plans} of the connection's two candidate statements (PostgreSQL 14+). */
    private static Uni<Map<String, long[]>> plansOf(SqlConnection conn) {
        return conn.query("""
                        select statement, generic_plans, custom_plans from pg_prepared_statements
                         where statement like '%from queue_slots s%' and statement like '%order by s.queue_rank desc%'
                        """)
                .execute()
                .map(rows -> {
                    Map<String, long[]> plans = new HashMap<>();
                    for (Row row : rows) {
                        String pass = row.getString("statement").contains("cross join lateral") ? "everybody"
                                : "priority";
                        plans.put(pass, new long[] {row.getLong("generic_plans"), row.getLong("custom_plans")});
                    }
                    return plans;
                });
    }
}
