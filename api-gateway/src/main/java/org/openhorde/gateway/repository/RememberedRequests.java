package org.openhorde.gateway.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.gateway.config.GatewayConfig;
import org.openhorde.gateway.config.StatusMemoryConfig;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * The read model's copy in this gateway's memory, so that {@code check} — the call every client repeats until its
 * images are done, most of the horde's requests — is answered without a Redis round trip.
 *
 * <p>It is kept current by the same writes that change Redis, made by {@link RequestReadModel} after Redis accepted
 * them: the lifecycle events this gateway consumes, and its own read-your-writes (the request at intake, the
 * completion at submit; decision 0015). Those writes arrive in any order and more than once, so every change is a
 * merge that only moves forward, like the Lua scripts in Redis: a job's state by rank (what its move brought comes
 * with it), restarts only up, the request's own fields once known. Merging what was read from Redis after a miss the
 * same way means a read racing with an event can never leave an older state behind. A request becomes answerable
 * only once its list of jobs is known (its {@code JobSubmitted}, or a Redis read); before that, and after it is
 * forgotten (size bound, or {@code request-retention} without a change, like its Redis key), Redis answers.
 */
@ApplicationScoped
public class RememberedRequests {

    private final Cache<UUID, Remembered> requests;
    private final boolean enabled;
    private final boolean unfinishedFromMemory;

    RememberedRequests(StatusMemoryConfig config, GatewayConfig gateway) {
        this.enabled = config.enabled();
        this.unfinishedFromMemory = config.unfinishedFromMemory();
        this.requests = Caffeine.newBuilder().maximumSize(config.maximumSize())
                .expireAfterWrite(gateway.requestRetention()).build();
    }

    /**
     * What memory can say of the request: empty when Redis must be asked; else the progress, itself empty for a
     * request that expired.
     */
    public Optional<Optional<RequestProgress>> find(UUID requestId) {
        if (!enabled) {
            return Optional.empty();
        }
        Remembered known = requests.getIfPresent(requestId);
        if (known == null || known.order == null) {
            return Optional.empty();
        }
        if (known.expired) {
            return Optional.of(Optional.empty());
        }
        RequestProgress progress = known.progress();
        if (!unfinishedFromMemory && !progress.done()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(progress));
    }

    /** The request was accepted with these jobs, all waiting (or known further along already). */
    void submitted(UUID requestId, List<UUID> jobIds, boolean shared, boolean r2, boolean onlyIfKnown) {
        merge(requestId, onlyIfKnown, known -> {
            known.describe(jobIds, shared, r2);
            jobIds.forEach(jobId -> known.advance(jobId, JobState.WAITING, 0, null));
        });
    }

    void claimed(UUID requestId, List<UUID> jobIds, boolean onlyIfKnown) {
        merge(requestId, onlyIfKnown, known -> jobIds.forEach(jobId -> known.advance(jobId, JobState.CLAIMED, 0, null)));
    }

    void completed(UUID requestId, UUID jobId, JobState state, long charged, DeliveredImage image,
                   boolean onlyIfKnown) {
        merge(requestId, onlyIfKnown, known -> {
            known.advance(jobId, state, charged, image);
            if (state == JobState.EXPIRED) {
                known.expired = true;
            }
        });
    }

    /** A job given back: like Redis, only a request that is known, and only a higher abort count, changes it. */
    void requeued(UUID requestId, UUID jobId, int aborts) {
        merge(requestId, true, known -> known.requeue(jobId, aborts));
    }

    /** What Redis answered after a miss, merged with whatever arrived meanwhile. */
    void read(UUID requestId, RequestProgress progress) {
        merge(requestId, false, known -> {
            known.describe(progress.jobs().stream().map(JobProgress::jobId).toList(), progress.shared(),
                    progress.r2());
            progress.jobs().forEach(job -> {
                known.advance(job.jobId(), job.state(), job.charged(), job.image());
                known.requeue(job.jobId(), job.restarts());
            });
        });
    }

    private void merge(UUID requestId, boolean onlyIfKnown, java.util.function.Consumer<Remembered> change) {
        if (!enabled) {
            return;
        }
        requests.asMap().compute(requestId, (id, known) -> {
            if (known == null && onlyIfKnown) {
                return null;
            }
            Remembered next = known == null ? new Remembered() : known.copy();
            change.accept(next);
            return next;
        });
    }

    /** One request as remembered; changed only on a copy inside {@code compute}, so readers never see it half done. */
    private static final class Remembered {

        private List<UUID> order;
        private boolean shared;
        private boolean r2 = true;
        private boolean expired;
        private final Map<UUID, JobProgress> jobs = new HashMap<>();

        Remembered copy() {
            Remembered copy = new Remembered();
            copy.order = order;
            copy.shared = shared;
            copy.r2 = r2;
            copy.expired = expired;
            copy.jobs.putAll(jobs);
            return copy;
        }

        void describe(List<UUID> jobIds, boolean shared, boolean r2) {
            if (order == null) {
                this.order = List.copyOf(jobIds);
                this.shared = shared;
                this.r2 = r2;
            }
        }

        /** The state moves only forward; its cost and deliverer come with the move that brought them. */
        void advance(UUID jobId, JobState state, long charged, DeliveredImage image) {
            JobProgress current = jobs.get(jobId);
            if (current == null) {
                jobs.put(jobId, new JobProgress(jobId, state, charged, image, 0));
            } else if (current.state().rank() < state.rank()) {
                jobs.put(jobId, new JobProgress(jobId, state, charged, image, current.restarts()));
            }
        }

        void requeue(UUID jobId, int aborts) {
            JobProgress current = jobs.get(jobId);
            int restarts = current == null ? 0 : current.restarts();
            if (aborts <= restarts) {
                return;
            }
            JobState state = current == null ? JobState.WAITING
                    : current.state() == JobState.CLAIMED ? JobState.WAITING : current.state();
            jobs.put(jobId, new JobProgress(jobId, state, current == null ? 0 : current.charged(),
                    current == null ? null : current.image(), aborts));
        }

        RequestProgress progress() {
            List<JobProgress> progress = new ArrayList<>(order.size());
            for (UUID jobId : order) {
                progress.add(jobs.getOrDefault(jobId, new JobProgress(jobId, JobState.WAITING, 0, null, 0)));
            }
            return new RequestProgress(List.copyOf(progress), shared, r2);
        }
    }
}
