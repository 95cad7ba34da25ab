package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.WorkerUptimeRewarded;
import org.openhorde.kudos.service.UptimeRewardService;

/**
 * Pays the uptime rewards job-service announces. As with settlement, the offset is committed only after the payment
 * committed, and the inbox plus the reward's own ledger id make a replay a no-op.
 */
@ApplicationScoped
public class WorkerUptimeConsumer {

    private static final Logger LOG = Logger.getLogger(WorkerUptimeConsumer.class);

    private final UptimeRewardService rewards;

    WorkerUptimeConsumer(UptimeRewardService rewards) {
        this.rewards = rewards;
    }

    @Incoming("workers-uptime-rewarded")
    public Uni<Void> onUptimeRewarded(WorkerUptimeRewarded event) {
        // Money must not be skipped: retry (backing off) while the database is unreachable.
        return rewards.reward(event, Topics.WORKERS_UPTIME_REWARDED)
                .onFailure().invoke(e -> LOG.warnf("paying uptime reward %s failed, will retry: %s", event.eventId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
