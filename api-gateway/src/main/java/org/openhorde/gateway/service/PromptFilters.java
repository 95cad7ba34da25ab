package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.internal.BlockedPrompt;
import org.openhorde.contracts.internal.PromptFilter;
import org.openhorde.contracts.internal.PromptFilterChange;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.domain.PromptScreen;
import org.openhorde.gateway.domain.SpecChanges;

/**
 * The moderators' prompt filters (job-service stores them) and their use at image intake. Every gateway screens
 * prompts against a compiled copy it reads again when older than {@code horde.gateway.prompt-filters.refresh}
 * (default 30 s; the AI Horde's own nodes re-read theirs once a minute), and at once after a change made through it:
 * filters change a few times a day, while intake runs many times a second, so a short TTL keeps them current without
 * a topic and a consumer (decision 0037). When job-service cannot be asked, the last copy keeps screening.
 */
@ApplicationScoped
public class PromptFilters {

    private static final Logger LOG = Logger.getLogger(PromptFilters.class);
    static final String CORRUPT_PROMPT = "This prompt appears to violate our terms of service and will be reported. "
            + "Please contact us if you think this is an error.";

    private final JobService jobs;
    private final Duration refresh;
    private volatile PromptScreen screen = PromptScreen.none();
    private volatile Instant readAt = Instant.EPOCH;

    PromptFilters(@RestClient JobService jobs,
                  @ConfigProperty(name = "horde.gateway.prompt-filters.refresh", defaultValue = "30s") Duration refresh) {
        this.jobs = jobs;
        this.refresh = refresh;
    }

    /** The compiled filters, re-read when older than the refresh interval. */
    public Uni<PromptScreen> screen() {
        if (readAt.plus(refresh).isAfter(Instant.now())) {
            return Uni.createFrom().item(screen);
        }
        return jobs.filters(null, null)
                .map(filters -> {
                    PromptScreen compiled = PromptScreen.of(filters);
                    screen = compiled;
                    readAt = Instant.now();
                    return compiled;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("prompt filters not refreshed, screening with the last copy: %s", e.toString());
                    return screen;
                });
    }

    /**
     * Screens an image request's prompt: unchanged, sanitized (with {@code nsfw} forced off), or refused with 400
     * {@code CorruptPrompt}, the refusal of a non-moderator recorded for the moderators first.
     */
    public Uni<ImageRequestSpec> admit(ImageRequestSpec spec, UserAccount requester) {
        return screen().flatMap(current -> {
            PromptScreen.Suspicion suspicion = current.check(spec.prompt(), null);
            if (!suspicion.blocking()) {
                return Uni.createFrom().item(spec);
            }
            if (spec.replacementFilter() || requester.standing().education()) {
                if (!PromptScreen.replaceable(spec.prompt())) {
                    throw new HordeException(Rc.BadRequest,
                            "Prompt has to be below 7000 chars when replacement filter is on");
                }
                String sanitized = current.sanitize(spec.prompt());
                if (sanitized != null) {
                    return Uni.createFrom().item(SpecChanges.sanitized(spec, sanitized));
                }
            }
            // Moderators are not reported, as on the AI Horde, so that they can try the filters out.
            Uni<Void> recorded = requester.moderator() || requester.admin() ? Uni.createFrom().voidItem()
                    : jobs.recordBlocked(new BlockedPrompt(0, requester.id(), requester.alias(), spec.prompt(),
                            suspicion.matches(), null))
                    .onFailure().invoke(e -> LOG.warnf("blocked prompt of %s not recorded: %s", requester.alias(),
                            e.toString()))
                    .onFailure().recoverWithNull().replaceWithVoid();
            return recorded.map(done -> {
                throw new HordeException(Rc.CorruptPrompt, CORRUPT_PROMPT);
            });
        });
    }

    public Uni<List<PromptFilter>> list(Integer filterType, String contains) {
        return jobs.filters(filterType, contains).onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }

    public Uni<PromptFilter> get(long id) {
        return jobs.filter(id).onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }

    public Uni<PromptFilter> add(PromptFilterChange change) {
        return jobs.addFilter(change).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .invoke(this::stale);
    }

    public Uni<PromptFilter> patch(long id, PromptFilterChange change) {
        return jobs.patchFilter(id, change).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .invoke(this::stale);
    }

    public Uni<Void> delete(long id) {
        return jobs.deleteFilter(id).onFailure().transform(InternalErrors.unreachable(JobService.NAME))
                .invoke(this::stale);
    }

    public Uni<List<BlockedPrompt>> blocked(Long userId, Integer page) {
        return jobs.blocked(userId, page).onFailure().transform(InternalErrors.unreachable(JobService.NAME));
    }

    /** A change made through this gateway screens its next request. */
    private void stale() {
        readAt = Instant.EPOCH;
    }
}
