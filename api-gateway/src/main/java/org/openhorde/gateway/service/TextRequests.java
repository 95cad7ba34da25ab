package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.StyleView;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.gateway.domain.GenerationInputRules.RequestWarning;
import org.openhorde.gateway.domain.SharedKeyUse;
import org.openhorde.gateway.domain.TextUpfrontKudos;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Accepts text requests exactly as {@link ImageRequests} accepts image requests (decision 0022): the user's
 * concurrency slots, then job-service queues the request and its {@link JobSubmitted} in one transaction, then the
 * read model; the 202 means "in the queue". What differs is the spec, the price (a text request's price is the AI
 * Horde's estimate per generation; what is charged is priced from the text delivered) and the upfront-kudos rule,
 * which for text depends on the horde's load ({@link TextUpfrontKudos}).
 */
@ApplicationScoped
public class TextRequests {

    private static final Logger LOG = Logger.getLogger(TextRequests.class);

    private final UserAccounts users;
    private final ImageRequests queue;
    private final RequestReadModel readModel;
    private final ActiveJobs activeJobs;
    private final MeterRegistry metrics;
    private final HordeFigures figures;

    TextRequests(UserAccounts users, ImageRequests queue, RequestReadModel readModel, ActiveJobs activeJobs,
                 MeterRegistry metrics, HordeFigures figures) {
        this.figures = figures;
        this.users = users;
        this.queue = queue;
        this.readModel = readModel;
        this.activeJobs = activeJobs;
        this.metrics = metrics;
    }

    /**
     * A queued text request: its id, the estimated price of one generation in centikudos, and what the horde changed
     * in it (a downgrade).
     */
    public record Accepted(UUID requestId, long estimatedPricePerJob, List<RequestWarning> warnings, long payerId) {
    }

    /** The estimate of one generation ({@code calculate_kudos}), in centikudos. */
    public static long estimatePerJob(TextRequestSpec spec) {
        return TextPricing.estimate(spec.models(), spec.params().maxLength(), spec.params().maxContextLength());
    }

    /** The dry run: what the whole request would cost, in centikudos, after the key was checked. */
    public Uni<Long> estimate(TextRequestSpec spec, String apikey, StyleView style) {
        return users.authenticateRequester(apikey, false, style)
                .map(requester -> (estimatePerJob(spec) + TextPricing.TAX_PER_JOB) * spec.params().n())
                .invoke(() -> metrics.counter("horde.gateway.text.requests", "outcome", "dry_run").increment());
    }

    /**
     * Queues the request: upfront kudos are judged first (403 {@code KudosUpfront} or a downgrade, nothing charged),
     * then the user's concurrency slots, then job-service.
     */
    public Uni<Accepted> accept(TextRequestSpec asked, boolean allowDowngrade, String apikey, String clientAgent,
                                StyleView style) {
        return users.authenticateRequester(apikey, allowDowngrade, style).flatMap(caller -> upfrontRule().flatMap(rule -> {
            UserAccount requester = caller.payer();
            UserAccounts.requireNotDeleted(requester);
            long cost = (estimatePerJob(asked) + TextPricing.TAX_PER_JOB) * asked.params().n();
            Requesting requesting = ImageRequests.chargeableToKey(caller, allowDowngrade, cost);
            TextUpfrontKudos.Admitted admitted = rule.admit(asked, requester.anonymous() ? 0 : requester.kudos(),
                    allowDowngrade);
            TextRequestSpec spec = admitted.spec();
            if (requesting.keyLimitsApply()) {
                SharedKeyUse.requireWithinTextLimits(requesting.sharedKey(), spec.params().maxLength());
            }
            List<UUID> jobIds = Stream.generate(UUID::randomUUID).limit(spec.params().n()).toList();
            JobSubmitted event = JobSubmitted.ofText(UUID.randomUUID(), requesting.requester(null), spec, jobIds,
                    estimatePerJob(spec), TextPricing.TAX_PER_JOB, clientAgent);
            return queue.takeSlots(requester, jobIds)
                    .chain(() -> queue.handOver(event))
                    .onFailure().call(() -> activeJobs.release(requester.id(), jobIds).onFailure().recoverWithNull())
                    .call(() -> readModel.submitted(event)
                            .onFailure().invoke(e -> LOG.warnf("read model of text request %s not written yet: %s",
                                    event.requestId(), e.toString()))
                            .onFailure().recoverWithNull())
                    .invoke(() -> metrics.counter("horde.gateway.text.requests", "outcome", "accepted").increment())
                    .replaceWith(new Accepted(event.requestId(), event.pricePerImage(), admitted.warnings(),
                            requester.id()));
        })).onFailure(HordeException.class).invoke(refused -> metrics
                .counter("horde.gateway.text.requests", "outcome", "refused").increment());
    }

    /**
     * The rule at the horde's current load, from the cached figures of /status/performance; while job-service cannot
     * say, the queue counts as empty (the rule is then at its most generous, as on a quiet horde).
     */
    private Uni<TextUpfrontKudos> upfrontRule() {
        Uni<Integer> queued = figures.queue().map(HordeQueueStatus::queuedTextRequests)
                .onFailure().recoverWithItem(0);
        Uni<Integer> threads = figures.scribes().map(scribes -> scribes.stream()
                .filter(scribe -> !scribe.maintenance() && !scribe.paused())
                .mapToInt(WorkerDetails::threads).sum());
        return Uni.combine().all().unis(queued, threads).asTuple()
                .map(both -> new TextUpfrontKudos(both.getItem1(), both.getItem2()));
    }

}
