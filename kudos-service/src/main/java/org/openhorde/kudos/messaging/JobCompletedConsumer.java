package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.kudos.service.SettlementService;

/**
 * Settles every completed job, a poll's batch at a time (batch mode, at most max.poll.records events) in one
 * transaction (decision 0050). The batch is acknowledged, and so its offsets committed, only after that transaction
 * committed, so a crash replays the batch, and the inbox turns each replayed event into a no-op.
 */
@ApplicationScoped
public class JobCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(JobCompletedConsumer.class);

    private final SettlementService settlement;

    JobCompletedConsumer(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Incoming("jobs-completed")
    public Uni<Void> onJobsCompleted(List<JobCompleted> events) {
        // Money must not be skipped: while the database is unreachable we keep retrying the whole batch (backing off)
        // instead of moving on, which holds these partitions until the settlements can be written. Nothing of a
        // failed attempt was written (one transaction), so the retry settles every event of the batch again.
        return settlement.settleJobs(events, Topics.JOBS_COMPLETED)
                .onFailure().invoke(e -> LOG.warnf("settling a batch of %d jobs (first: job %s) failed, will retry: %s",
                        events.size(), events.isEmpty() ? null : events.get(0).jobId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
