package org.openhorde.jobs;

import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/** Looks into the job-service's tables, for tests that must know the queue's state before they pop. */
@Singleton
public final class QueueProbe {

    private final Pool pool;

    QueueProbe(Pool pool) {
        this.pool = pool;
    }

    /** Waits until every one of these requests was queued (intake is asynchronous). */
    public void awaitQueued(Collection<UUID> requestIds) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) as n from waiting_requests where id = any($1)",
                        Tuple.of(requestIds.toArray(UUID[]::new))) == requestIds.size());
    }

    public long jobsOf(UUID requestId) {
        return count("select count(*) as n from jobs where request_id = $1", Tuple.of(requestId));
    }

    public long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().indefinitely().iterator().next().getLong("n");
    }
}
