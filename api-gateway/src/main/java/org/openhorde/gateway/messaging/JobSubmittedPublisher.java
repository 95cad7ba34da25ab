package org.openhorde.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * Publishes accepted image requests. The returned {@code Uni} completes only when Kafka acknowledged the record
 * (acks=all, see application.properties): that acknowledgement is the moment a request exists.
 */
@ApplicationScoped
public class JobSubmittedPublisher {

    private static final Logger LOG = Logger.getLogger(JobSubmittedPublisher.class);

    private final MutinyEmitter<JobSubmitted> submitted;
    private final GatewayConfig config;

    JobSubmittedPublisher(@Channel("jobs-submitted-out") MutinyEmitter<JobSubmitted> submitted, GatewayConfig config) {
        this.submitted = submitted;
        this.config = config;
    }

    /** Fails with 503 {@code ServiceUnavailable} when Kafka does not acknowledge in time. */
    public Uni<Void> publish(JobSubmitted event) {
        Message<JobSubmitted> message = Message.of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.aggregateKey()).build());
        return submitted.sendMessage(message)
                .ifNoItem().after(config.submitAckTimeout()).fail()
                .onFailure().transform(e -> {
                    LOG.warnf("request %s was not acknowledged by Kafka: %s", event.requestId(), e.toString());
                    return new HordeException(Rc.ServiceUnavailable,
                            "The horde cannot queue requests right now; yours was not accepted. Please retry.");
                });
    }
}
