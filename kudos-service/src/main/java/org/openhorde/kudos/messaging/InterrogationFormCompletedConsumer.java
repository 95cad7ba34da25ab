package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.InterrogationFormCompleted;
import org.openhorde.kudos.service.SettlementService;

/** Settles each delivered (or cancelled-while-processing) interrogation form once. */
@ApplicationScoped
public class InterrogationFormCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(InterrogationFormCompletedConsumer.class);

    private final SettlementService settlement;

    InterrogationFormCompletedConsumer(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Incoming("interrogations-form-completed")
    public Uni<Void> onFormCompleted(InterrogationFormCompleted event) {
        // As for image jobs: money is never skipped; retry (backing off) while the database is unreachable.
        return settlement.settle(event, Topics.INTERROGATIONS_FORM_COMPLETED)
                .onFailure().invoke(e -> LOG.warnf("settling interrogation form %s failed, will retry: %s",
                        event.formId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
