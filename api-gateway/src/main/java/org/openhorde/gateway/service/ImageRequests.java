package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.domain.RequestQuote;
import org.openhorde.gateway.messaging.JobSubmittedPublisher;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Accepts image requests. The gateway has no database: a request exists once Kafka acknowledged its
 * {@link JobSubmitted} (acks=all); only then is the client told 202 and the read model written. A request's source
 * image and mask are stored by storage-service before that: a published request always has its sources.
 */
@ApplicationScoped
public class ImageRequests {

    private static final Logger LOG = Logger.getLogger(ImageRequests.class);

    private final UserAccounts users;
    private final StorageService storage;
    private final JobSubmittedPublisher publisher;
    private final RequestReadModel readModel;
    private final MeterRegistry metrics;

    ImageRequests(UserAccounts users, @RestClient StorageService storage, JobSubmittedPublisher publisher,
                  RequestReadModel readModel, MeterRegistry metrics) {
        this.users = users;
        this.storage = storage;
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

    /**
     * @param requestId the id {@code spec}'s source keys were made for
     * @param sources   the source image and mask to store first, when the request has them
     */
    public Uni<Accepted> accept(UUID requestId, ImageRequestSpec spec, Optional<SourceUpload> sources, String apikey,
                                String clientAgent) {
        return users.authenticate(apikey)
                .call(requester -> sources.map(upload -> storeSources(requestId, upload))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .flatMap(requester -> publish(requestId, spec, requester, clientAgent));
    }

    /** storage-service stores them at the keys the spec already names (the key scheme is fixed by request id). */
    private Uni<Void> storeSources(UUID requestId, SourceUpload upload) {
        return storage.storeSources(requestId, upload)
                .onFailure().transform(InternalErrors.unreachable(StorageService.NAME))
                .replaceWithVoid();
    }

    private Uni<Accepted> publish(UUID requestId, ImageRequestSpec spec, UserAccount requester, String clientAgent) {
        RequestQuote quote = RequestQuote.of(spec, requester);
        List<UUID> jobIds = Stream.generate(UUID::randomUUID).limit(spec.params().n()).toList();
        // The user type and history travel with the request: the shared dataset's sidecars record them.
        Long imagesRequested = requester.records() == null ? null : requester.records().imagesRequested();
        JobSubmitted event = JobSubmitted.of(requestId, new Requester(requester.id(), requester.alias(),
                        requester.anonymous(), requester.trusted(), requester.kudos(), requester.pseudonymous(),
                        imagesRequested), spec, jobIds,
                quote.pricePerImage(), quote.taxPerImage(), quote.shared(), clientAgent);
        return publisher.publish(event)
                .call(() -> readModel.submitted(event)
                        // Kafka has the request, so it is accepted; our consumer of the topic writes it again.
                        .onFailure().invoke(e -> LOG.warnf("read model of request %s not written yet: %s",
                                event.requestId(), e.toString()))
                        .onFailure().recoverWithNull())
                .invoke(() -> metrics.counter("horde.gateway.image.requests", "outcome", "accepted").increment())
                .replaceWith(new Accepted(event.requestId(), quote.pricePerImage()));
    }
}
