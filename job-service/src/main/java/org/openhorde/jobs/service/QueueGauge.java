package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.openhorde.jobs.repository.JobRepository;

/**
 * The {@code horde_jobs_waiting} gauge: images waiting for a worker. Recounted on a schedule rather than on scrape,
 * so that a scrape never waits for the database.
 */
@ApplicationScoped
public class QueueGauge {

    private final Pool pool;
    private final JobRepository jobs;
    private final AtomicLong waiting;

    QueueGauge(Pool pool, JobRepository jobs, MeterRegistry metrics) {
        this.pool = pool;
        this.jobs = jobs;
        this.waiting = metrics.gauge("horde_jobs_waiting", new AtomicLong());
    }

    @Scheduled(every = "${horde.jobs.queue-gauge-refresh:10s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return jobs.countWaiting(pool).invoke(waiting::set).replaceWithVoid();
    }
}
