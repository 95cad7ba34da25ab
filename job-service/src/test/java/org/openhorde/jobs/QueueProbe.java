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

    /**
     * Moves a claimed job's claim back by {@code seconds}, so that its submit measures the worker as having taken
     * that long (the worker's speed is pixelsteps ÷ seconds from claim to submit) without the test waiting.
     */
    public void claimedSecondsAgo(UUID jobId, long seconds) {
        pool.preparedQuery("update jobs set claimed_at = now() - make_interval(secs => $2::bigint) where id = $1")
                .execute(Tuple.of(jobId, seconds)).await().indefinitely();
    }

    public long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().indefinitely().iterator().next().getLong("n");
    }
}
