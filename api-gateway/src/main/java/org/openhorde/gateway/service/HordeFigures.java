package org.openhorde.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.TextStats;
import java.util.List;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.gateway.client.InternalErrors;
import org.openhorde.gateway.client.InterrogationService;
import org.openhorde.gateway.client.JobService;
import org.openhorde.gateway.config.GatewayConfig;

/**
 * The horde's figures behind {@code /status/models}, {@code /status/performance} and {@code /stats/img/*}, fetched
 * from job-service at most once per cache period however many clients ask. If job-service is down, the last figures
 * are served; only a gateway that never had any answers 503.
 */
@ApplicationScoped
public class HordeFigures {

    private final Cached<HordeQueueStatus> queue;
    private final Cached<ImageStats> images;
    private final Cached<Interrogators> interrogators;
    private final Cached<TextStats> texts;
    private final Cached<List<WorkerDetails>> scribes;

    HordeFigures(@RestClient JobService jobs, @RestClient InterrogationService interrogations, GatewayConfig config) {
        this.queue = new Cached<>(jobs::queueStatus, config.statusCache());
        this.images = new Cached<>(jobs::imageStats, config.statsCache());
        this.interrogators = new Cached<>(() -> Uni.combine().all()
                .unis(interrogations.figures(), jobs.onlineWorkers(INTERROGATION, null)).asTuple()
                .map(both -> new Interrogators(both.getItem1().queuedForms(), both.getItem2().size(),
                        both.getItem2().stream().mapToInt(WorkerDetails::threads).sum())), config.statusCache());
        this.texts = new Cached<>(jobs::textStats, config.statsCache());
        this.scribes = new Cached<>(() -> jobs.onlineWorkers(TEXT, null), config.statusCache());
    }

    private static final String TEXT = "text";

    /** Delivered text generations per period and model. */
    public Uni<TextStats> texts() {
        return texts.get();
    }

    /** The text workers online (in maintenance or not), for the text figures of /status. */
    public Uni<List<WorkerDetails>> scribes() {
        return scribes.get().onFailure().recoverWithItem(List.of());
    }

    private static final String INTERROGATION = "interrogation";

    /** Interrogation forms waiting, and the interrogation workers online with their threads. */
    public record Interrogators(long queuedForms, int count, int threads) {

        static final Interrogators NONE = new Interrogators(0, 0, 0);
    }

    /** The interrogation figures; zeros while interrogation-service cannot say (the image figures still answer). */
    public Uni<Interrogators> interrogators() {
        return interrogators.get().onFailure().recoverWithItem(Interrogators.NONE);
    }

    public Uni<HordeQueueStatus> queue() {
        return queue.get();
    }

    public Uni<ImageStats> images() {
        return images.get();
    }

    /** One value, refetched when older than {@code ttl}; concurrent readers share one fetch. */
    private static final class Cached<T> {

        private record Fetch<T>(Uni<T> value, long fetchedAtNanos) {
        }

        private final Supplier<Uni<T>> source;
        private final Duration ttl;
        private final AtomicReference<Fetch<T>> current = new AtomicReference<>();
        private volatile T lastGood;

        Cached(Supplier<Uni<T>> source, Duration ttl) {
            this.source = source;
            this.ttl = ttl;
        }

        Uni<T> get() {
            long now = System.nanoTime();
            Fetch<T> fetch = current.get();
            if (fetch == null || now - fetch.fetchedAtNanos() > ttl.toNanos()) {
                Fetch<T> fresh = new Fetch<>(Uni.createFrom().<T>deferred(source::get)
                        .invoke(value -> lastGood = value)
                        .onFailure().recoverWithUni(failure -> {
                            T stale = lastGood;
                            if (stale != null) {
                                return Uni.createFrom().item(stale);
                            }
                            // Forget the failed fetch, so that the next reader tries again.
                            current.set(null);
                            return Uni.createFrom().failure(InternalErrors.unreachable(JobService.NAME).apply(failure));
                        })
                        .memoize().indefinitely(), now);
                fetch = current.compareAndSet(fetch, fresh) ? fresh : current.get();
                if (fetch == null) {
                    fetch = fresh;
                }
            }
            return fetch.value();
        }
    }
}
