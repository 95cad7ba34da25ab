package org.openhorde.ratings.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.ratings.service.RequestProjection;

/**
 * Keeps the requests' projection that {@code /generate/rate} checks (decision 0032). Offsets are committed after the
 * upsert committed; a replay upserts the same facts again.
 */
@ApplicationScoped
public class RequestEventsConsumer {

    private static final Logger LOG = Logger.getLogger(RequestEventsConsumer.class);

    private final RequestProjection projection;

    RequestEventsConsumer(RequestProjection projection) {
        this.projection = projection;
    }

    @Incoming("jobs-submitted")
    public Uni<Void> onSubmitted(JobSubmitted event) {
        return projection.submitted(event)
                .onFailure().invoke(e -> LOG.warnf("projecting request %s failed, will retry: %s", event.requestId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    @Incoming("jobs-completed")
    public Uni<Void> onCompleted(JobCompleted event) {
        return projection.completed(event)
                .onFailure().invoke(e -> LOG.warnf("projecting job %s failed, will retry: %s", event.jobId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
