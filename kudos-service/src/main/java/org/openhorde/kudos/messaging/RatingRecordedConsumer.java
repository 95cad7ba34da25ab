package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.kudos.service.RatingAwardService;

/**
 * Pays accepted ratings. As with settlement, the offset is committed only after the award committed, and the inbox
 * plus the award's own ledger id (from the rating id) make a replay a no-op.
 */
@ApplicationScoped
public class RatingRecordedConsumer {

    private static final Logger LOG = Logger.getLogger(RatingRecordedConsumer.class);

    private final RatingAwardService awards;

    RatingRecordedConsumer(RatingAwardService awards) {
        this.awards = awards;
    }

    @Incoming("ratings-recorded")
    public Uni<Void> onRatingRecorded(RatingRecorded event) {
        // Money must not be skipped: retry (backing off) while the database is unreachable.
        return awards.award(event, Topics.RATINGS_RECORDED)
                .onFailure().invoke(e -> LOG.warnf("paying rating %s failed, will retry: %s", event.ratingId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
