package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.client.StorageService;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.domain.GenerationInputRules;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;
import org.openhorde.gateway.domain.RequestQuote;
import org.openhorde.gateway.domain.SharedKeyUse;
import org.openhorde.gateway.domain.UpfrontKudos;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Accepts image requests. The gateway has no database: a request exists once job-service queued it (the request, its
 * jobs and the {@link JobSubmitted} outbox row in one transaction); only then is the client told 202 and the read
 * model written, so a worker popping right after the 202 finds the request and a check right after finds it too.
 * Everybody else (storage-service, this gateway's other replicas) learns of it from {@code horde.jobs.submitted},
 * published from job-service's outbox. A request's source image and mask are stored by storage-service before that:
 * a queued request always has its sources.
 */
@ApplicationScoped
public class ImageRequests {

    private static final Logger LOG = Logger.getLogger(ImageRequests.class);

    private final UserAccounts users;
    private final StorageService storage;
    private final JobService jobs;
    private final RequestReadModel readModel;
    private final ActiveJobs activeJobs;
    private final UpfrontKudos upfront;
    private final GatewayConfig config;
    private final MeterRegistry metrics;
    private final PromptFilters promptFilters;

    ImageRequests(UserAccounts users, @RestClient StorageService storage, @RestClient JobService jobs,
                  RequestReadModel readModel, ActiveJobs activeJobs, GatewayConfig config, MeterRegistry metrics,
                  PromptFilters promptFilters) {
        this.promptFilters = promptFilters;
        this.users = users;
        this.storage = storage;
        this.jobs = jobs;
        this.readModel = readModel;
        this.activeJobs = activeJobs;
        this.upfront = new UpfrontKudos(config.upfrontMaxResolution(), config.upfrontMaxSteps());
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * A queued request: its id, the price of one image (the AI Horde's {@code wp.kudos}) in centikudos, and what the
     * horde changed in it (a downgrade).
     */
    public record Accepted(UUID requestId, long pricePerImage, List<RequestWarning> warnings, long payerId) {
    }

    /** The dry run: whole kudos the request would cost in total, without queuing anything. */
    public Uni<Long> estimate(ImageRequestSpec spec, String apikey, StyleView style) {
        return users.authenticateRequester(apikey, spec.allowDowngrade(), style).map(Requesting::payer).map(requester -> {
                    // The AI Horde validates a dry run like a real request before it prices it.
                    GenerationInputRules.requireTrustForExtraSources(spec, requester.trusted());
                    return RequestQuote.of(spec, requester).estimatedKudos();
                })
                .invoke(() -> metrics.counter("horde.gateway.image.requests", "outcome", "dry_run").increment());
    }

    /**
     * Queues the request: upfront kudos are judged first (403 or a downgrade, nothing charged), then the user's
     * concurrency slots are taken (429 when over the limit), then the sources are stored and the request queued by
     * job-service. Slots taken for a request that then fails to queue are given back at once.
     *
     * @param requestId the id {@code spec}'s source keys were made for
     * @param sources   the source image and mask to store first, when the request has them
     */
    public Uni<Accepted> accept(UUID requestId, ImageRequestSpec spec, Optional<SourceUpload> sources, String apikey,
                                String clientAgent, StyleView style) {
        return users.authenticateRequester(apikey, spec.allowDowngrade(), style).flatMap(asked -> {
            UserAccount requester = asked.payer();
            UserAccounts.requireNotDeleted(requester);
            requireTrustToDisableBatching(spec, requester);
            GenerationInputRules.requireTrustForExtraSources(spec, requester.trusted());
            // The moderators' prompt filters, as the AI Horde applies them after the key and before pricing.
            return promptFilters.admit(spec, requester)
                    .flatMap(screened -> acceptScreened(requestId, screened, sources, asked, clientAgent));
        });
    }

    private Uni<Accepted> acceptScreened(UUID requestId, ImageRequestSpec spec, Optional<SourceUpload> sources,
                                         Requesting asked, String clientAgent) {
        UserAccount requester = asked.payer();
        long cost = RequestQuote.of(spec, requester).totalCost();
        Requesting requesting = chargeableToKey(asked, spec.allowDowngrade(), cost);
        UpfrontKudos.Admitted admitted = upfront.admit(spec, requester, cost);
        if (requesting.keyLimitsApply()) {
            // After any downgrade, as the AI Horde checks the request it will actually queue.
            SharedKeyUse.requireWithinImageLimits(requesting.sharedKey(), admitted.spec().params().pixels(),
                    admitted.spec().params().steps());
        }
        List<UUID> jobIds = Stream.generate(UUID::randomUUID).limit(spec.params().n()).toList();
        return takeSlots(requester, jobIds)
                .chain(() -> sources.map(upload -> storeSources(requestId, upload))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .chain(() -> queue(requestId, admitted, jobIds, requesting, clientAgent))
                .onFailure().call(() -> activeJobs.release(requester.id(), jobIds)
                        .onFailure().recoverWithNull());
    }

    /**
     * A shared key's budget must cover the request's estimated cost (the AI Horde's {@code SharedKeyInsufficientKudos},
     * 403); with {@code allow_downgrade} the request is queued anyway, at the lowest priority. Text requests are
     * judged the same way ({@link TextRequests}).
     */
    static Requesting chargeableToKey(Requesting requesting, boolean allowDowngrade, long cost) {
        if (requesting.sharedKey() == null || SharedKeyUse.covers(requesting.sharedKey(), cost)) {
            return requesting;
        }
        if (allowDowngrade) {
            return requesting.withLowestPriority();
        }
        throw SharedKeyUse.insufficient(requesting.sharedKey(), cost);
    }

    /**
     * Unbatched images cost the horde more worker time, so only a trusted user may ask for several of them (the AI
     * Horde lets its patrons do it, too; this horde has no patrons). One image has nothing to batch.
     */
    private static void requireTrustToDisableBatching(ImageRequestSpec spec, UserAccount requester) {
        if (spec.disableBatching() && spec.params().n() > 1 && !requester.trusted()) {
            throw new HordeException(Rc.RequiresTrust,
                    "Only trusted users and patreon supporters can disable batching.");
        }
    }

    /**
     * The AI Horde's per-user concurrency: a user's unfinished images plus these may not exceed their limit. Text
     * generations count alike ({@link TextRequests}).
     */
    Uni<Void> takeSlots(UserAccount requester, List<UUID> jobIds) {
        return activeJobs.take(requester.id(), jobIds, requester.concurrency())
                .onFailure().transform(e -> {
                    LOG.warnf("concurrency slots unavailable: %s", e.toString());
                    return new HordeException(Rc.ServiceUnavailable,
                            "Requests cannot be accepted right now; please retry in a moment.");
                })
                .flatMap(active -> {
                    if (active < 0) {
                        return Uni.createFrom().voidItem();
                    }
                    metrics.counter("horde.gateway.image.requests", "outcome", "too_many_prompts").increment();
                    String message = "Parallel requests (" + (active + jobIds.size()) + ") exceeded user limit ("
                            + requester.concurrency() + "). "
                            + (requester.anonymous()
                            ? "Please wait for your current requests to finish, or get a personal API key."
                            : "Please wait for your current requests to finish before sending more.");
                    return Uni.createFrom().failure(new HordeException(Rc.TooManyPrompts, message));
                });
    }

    /** storage-service stores them at the keys the spec already names (the key scheme is fixed by request id). */
    private Uni<Void> storeSources(UUID requestId, SourceUpload upload) {
        return storage.storeSources(requestId, upload)
                .onFailure().transform(InternalErrors.unreachable(StorageService.NAME))
                .replaceWithVoid();
    }

    private Uni<Accepted> queue(UUID requestId, UpfrontKudos.Admitted admitted, List<UUID> jobIds,
                                Requesting requesting, String clientAgent) {
        UserAccount requester = requesting.payer();
        ImageRequestSpec spec = admitted.spec();
        RequestQuote quote = RequestQuote.of(spec, requester);
        // The user type and history travel with the request: the shared dataset's sidecars record them.
        Long imagesRequested = requester.records() == null ? null : requester.records().imagesRequested();
        JobSubmitted event = JobSubmitted.of(requestId, requesting.requester(imagesRequested), spec, jobIds,
                quote.pricePerImage(), quote.taxPerImage(), quote.shared(), clientAgent);
        return handOver(event)
                .call(() -> readModel.submitted(event)
                        // job-service has the request, so it is accepted; our consumer of the topic writes it again.
                        .onFailure().invoke(e -> LOG.warnf("read model of request %s not written yet: %s",
                                event.requestId(), e.toString()))
                        .onFailure().recoverWithNull())
                .invoke(() -> metrics.counter("horde.gateway.image.requests", "outcome", "accepted").increment())
                .replaceWith(new Accepted(event.requestId(), quote.pricePerImage(), admitted.warnings(),
                        requester.id()));
    }

    /**
     * Hands the request to job-service, retrying the same event after a timeout or an unreachable job-service: its
     * intake is idempotent on the event and the request id, so an attempt whose commit's answer was lost ends in a
     * 204 the next time. When every attempt failed, the request is cancelled (best effort) before the client hears
     * 503, so that a commit nobody heard of does not leave a queued request its client was told failed. A 4xx of
     * job-service is final and relayed. Text requests are handed over the same way ({@link TextRequests}).
     */
    Uni<Void> handOver(JobSubmitted event) {
        return Uni.createFrom().deferred(() -> jobs.queue(event))
                .ifNoItem().after(config.intakeTimeout()).fail()
                .onFailure(ImageRequests::worthRetrying).retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofMillis(500)).atMost(config.intakeAttempts() - 1L)
                .onFailure(ImageRequests::worthRetrying).call(failure -> {
                    LOG.warnf("request %s was not queued after %d attempts: %s", event.requestId(),
                            config.intakeAttempts(), failure.toString());
                    return jobs.cancel(event.requestId()).ifNoItem().after(config.intakeTimeout()).fail()
                            .onFailure().invoke(e -> LOG.warnf("request %s could not be cancelled either: %s",
                                    event.requestId(), e.toString()))
                            .onFailure().recoverWithNull();
                })
                .onFailure(ImageRequests::worthRetrying).transform(e -> new HordeException(Rc.ServiceUnavailable,
                        "The horde cannot queue requests right now; yours was not accepted. Please retry."));
    }

    /** Unreachable, timed out or a 5xx: the request may or may not be queued, and asking again is safe. */
    private static boolean worthRetrying(Throwable failure) {
        return !(failure instanceof HordeException horde) || horde.httpStatus() >= 500;
    }
}
