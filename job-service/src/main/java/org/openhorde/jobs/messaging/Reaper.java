package org.openhorde.jobs.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openhorde.jobs.service.JobLifecycle;

/**
 * Runs the job lifecycle's periodic pass. Several replicas may run it at once: every step locks what it works on
 * with {@code SKIP LOCKED}, so each overdue claim or ending request is handled by one of them.
 */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class);

    private final JobLifecycle lifecycle;

    Reaper(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(every = "${horde.jobs.reaper-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reap() {
        // A failed pass is retried by the next one; nothing it did half-way was committed.
        return lifecycle.reap()
                .onFailure().invoke(e -> LOG.warnf("reaper pass failed, the next one retries: %s", e.toString()))
                .onFailure().recoverWithNull();
    }
}
