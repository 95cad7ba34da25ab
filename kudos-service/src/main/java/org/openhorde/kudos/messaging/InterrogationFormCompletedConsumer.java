package org.openhorde.kudos.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.InterrogationFormCompleted;
import org.openhorde.kudos.service.SettlementService;

/**
 * Settles each delivered (or cancelled-while-processing) interrogation form once, a poll's batch at a time in one
 * transaction, acknowledged after it committed (as {@link JobCompletedConsumer}).
 */
@ApplicationScoped
public class InterrogationFormCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(InterrogationFormCompletedConsumer.class);

    private final SettlementService settlement;

    InterrogationFormCompletedConsumer(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Incoming("interrogations-form-completed")
    public Uni<Void> onFormsCompleted(List<InterrogationFormCompleted> events) {
        // As for image jobs: money is never skipped; retry the whole batch (backing off) while the database is
        // unreachable.
        return settlement.settleForms(events, Topics.INTERROGATIONS_FORM_COMPLETED)
                .onFailure().invoke(e -> LOG.warnf("settling a batch of %d interrogation forms (first: form %s) failed,"
                        + " will retry: %s", events.size(), events.isEmpty() ? null : events.get(0).formId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
