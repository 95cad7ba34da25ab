package org.openhorde.ratings.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.ImagesShared;
import org.openhorde.ratings.service.SharedImageIntake;

/**
 * Every shared generation becomes rateable. The offset is committed after the intake committed; a replay finds its
 * event id in the inbox and does nothing.
 */
@ApplicationScoped
public class ImagesSharedConsumer {

    private static final Logger LOG = Logger.getLogger(ImagesSharedConsumer.class);

    private final SharedImageIntake intake;

    ImagesSharedConsumer(SharedImageIntake intake) {
        this.intake = intake;
    }

    @Incoming("images-shared")
    public Uni<Void> onImagesShared(ImagesShared event) {
        // An image missed is a hole in the dataset: retry (backing off) while the database is unreachable.
        return intake.accept(event, Topics.IMAGES_SHARED)
                .onFailure().invoke(e -> LOG.warnf("taking in shared image %s failed, will retry: %s", event.jobId(),
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
