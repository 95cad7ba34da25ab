package org.openhorde.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.openhorde.contracts.economy.TextPricing;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.TextRequestSpec;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.repository.ActiveJobs;
import org.openhorde.gateway.repository.RequestReadModel;

/**
 * Accepts text requests exactly as {@link ImageRequests} accepts image requests (decision 0022): the user's
 * concurrency slots, then job-service queues the request and its {@link JobSubmitted} in one transaction, then the
 * read model; the 202 means "in the queue". What differs is only the spec and the price: a text request's price is
 * the AI Horde's estimate per generation; what is charged is priced from the text delivered.
 */
@ApplicationScoped
public class TextRequests {

    private static final Logger LOG = Logger.getLogger(TextRequests.class);

    private final UserAccounts users;
    private final ImageRequests queue;
    private final RequestReadModel readModel;
    private final ActiveJobs activeJobs;
    private final MeterRegistry metrics;

    TextRequests(UserAccounts users, ImageRequests queue, RequestReadModel readModel, ActiveJobs activeJobs,
                 MeterRegistry metrics) {
        this.users = users;
        this.queue = queue;
        this.readModel = readModel;
        this.activeJobs = activeJobs;
        this.metrics = metrics;
    }

    /** A queued text request: its id and the estimated price of one generation, in centikudos. */
    public record Accepted(UUID requestId, long estimatedPricePerJob) {
    }

    /** The estimate of one generation ({@code calculate_kudos}), in centikudos. */
    public static long estimatePerJob(TextRequestSpec spec) {
        return TextPricing.estimate(spec.models(), spec.params().maxLength(), spec.params().maxContextLength());
    }

    /** The dry run: what the whole request would cost, in centikudos, after the key was checked. */
    public Uni<Long> estimate(TextRequestSpec spec, String apikey) {
        return users.authenticate(apikey)
                .map(requester -> (estimatePerJob(spec) + TextPricing.TAX_PER_JOB) * spec.params().n())
                .invoke(() -> metrics.counter("horde.gateway.text.requests", "outcome", "dry_run").increment());
    }

    public Uni<Accepted> accept(TextRequestSpec spec, String apikey, String clientAgent) {
        return users.authenticate(apikey).flatMap(requester -> {
            UserAccounts.requireNotDeleted(requester);
            List<UUID> jobIds = Stream.generate(UUID::randomUUID).limit(spec.params().n()).toList();
            JobSubmitted event = JobSubmitted.ofText(UUID.randomUUID(), requesterOf(requester), spec, jobIds,
                    estimatePerJob(spec), TextPricing.TAX_PER_JOB, clientAgent);
            return queue.takeSlots(requester, jobIds)
                    .chain(() -> queue.handOver(event))
                    .onFailure().call(() -> activeJobs.release(requester.id(), jobIds).onFailure().recoverWithNull())
                    .call(() -> readModel.submitted(event)
                            .onFailure().invoke(e -> LOG.warnf("read model of text request %s not written yet: %s",
                                    event.requestId(), e.toString()))
                            .onFailure().recoverWithNull())
                    .invoke(() -> metrics.counter("horde.gateway.text.requests", "outcome", "accepted").increment())
                    .replaceWith(new Accepted(event.requestId(), event.pricePerImage()));
        });
    }

    private static Requester requesterOf(UserAccount requester) {
        return new Requester(requester.id(), requester.alias(), requester.anonymous(), requester.trusted(),
                requester.kudos(), requester.pseudonymous(), null);
    }
}
