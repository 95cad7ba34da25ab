package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.gateway.domain.RequestQuote;
import org.openhorde.gateway.messaging.JobSubmittedPublisher;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Accepts image requests. The gateway has no database: a request exists once Kafka acknowledged its
 * {@link JobSubmitted} (acks=all); only then is the client told 202 and the read model written.
 */
@ApplicationScoped
public class ImageRequests {

    private static final Logger LOG = Logger.getLogger(ImageRequests.class);

    private final UserAccounts users;
    private final JobSubmittedPublisher publisher;
    private final RequestReadModel readModel;
    private final MeterRegistry metrics;

    ImageRequests(UserAccounts users, JobSubmittedPublisher publisher, RequestReadModel readModel,
                  MeterRegistry metrics) {
        this.users = users;
        this.publisher = publisher;
        this.readModel = readModel;
        this.metrics = metrics;
    }

    /** A queued request: its id and the price of one image (the AI Horde's {@code wp.kudos}), in centikudos. */
    public record Accepted(UUID requestId, long pricePerImage) {
    }

    /** The dry run: whole kudos the request would cost in total, without queuing anything. */
    public Uni<Long> estimate(ImageRequestSpec spec, String apikey) {
        return users.authenticate(apikey).map(requester -> RequestQuote.of(spec, requester).estimatedKudos())
                .invoke(() -> metrics.counter("horde.gateway.image.requests", "outcome", "dry_run").increment());
    }

    public Uni<Accepted> accept(ImageRequestSpec spec, String apikey, String clientAgent) {
        return users.authenticate(apikey).flatMap(requester -> {
            RequestQuote quote = RequestQuote.of(spec, requester);
            List<UUID> jobIds = Stream.generate(UUID::randomUUID).limit(spec.params().n()).toList();
            JobSubmitted event = JobSubmitted.of(UUID.randomUUID(), new Requester(requester.id(), requester.alias(),
                            requester.anonymous(), requester.trusted(), requester.kudos()), spec, jobIds,
                    quote.pricePerImage(), quote.taxPerImage(), quote.shared(), clientAgent);
            return publisher.publish(event)
                    .call(() -> readModel.submitted(event)
                            // Kafka has the request, so it is accepted; our consumer of the topic writes it again.
                            .onFailure().invoke(e -> LOG.warnf("read model of request %s not written yet: %s",
                                    event.requestId(), e.toString()))
                            .onFailure().recoverWithNull())
                    .invoke(() -> metrics.counter("horde.gateway.image.requests", "outcome", "accepted").increment())
                    .replaceWith(new Accepted(event.requestId(), quote.pricePerImage()));
        });
    }
}
