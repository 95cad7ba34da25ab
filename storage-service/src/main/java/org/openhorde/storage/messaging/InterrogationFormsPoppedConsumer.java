package org.openhorde.storage.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.InterrogationFormsPopped;
import org.openhorde.storage.service.InterrogationPops;

/**
 * Keeps popped interrogations' sources and records their post-processors' images (decision 0046). The offset is
 * committed only after the record committed; the inbox turns a replay into a no-op.
 */
@ApplicationScoped
public class InterrogationFormsPoppedConsumer {

    private static final Logger LOG = Logger.getLogger(InterrogationFormsPoppedConsumer.class);

    private final InterrogationPops pops;

    InterrogationFormsPoppedConsumer(InterrogationPops pops) {
        this.pops = pops;
    }

    @Incoming("interrogations-forms-popped")
    public Uni<Void> onFormsPopped(InterrogationFormsPopped event) {
        // While the database is unreachable the partition waits (backing off): a skipped pop would leave a
        // post-processor's image unrecorded (never swept) and its sources kept too short.
        return pops.record(event, Topics.INTERROGATIONS_FORMS_POPPED)
                .onFailure().invoke(e -> LOG.warnf("recording the pop %s failed, will retry: %s", event.eventId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
