package org.openhorde.storage.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.storage.service.ImageVerificationService;

/**
 * Verifies the image of every delivered job. The offset is committed only after the verification committed, so a
 * crash replays the event, and the inbox turns the replay into a no-op.
 */
@ApplicationScoped
public class JobCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(JobCompletedConsumer.class);

    private final ImageVerificationService verification;

    JobCompletedConsumer(ImageVerificationService verification) {
        this.verification = verification;
    }

    @Incoming("jobs-completed")
    public Uni<Void> onJobCompleted(JobCompleted event) {
        // While S3 or the database is unreachable we retry (backing off) instead of moving on: recording an image as
        // missing because the store was down would be a lie, so the partition waits until the answer is real.
        return verification.verify(event, Topics.JOBS_COMPLETED)
                .onFailure().invoke(e -> LOG.warnf("verifying job %s failed, will retry: %s", event.jobId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
