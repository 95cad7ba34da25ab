package org.openhorde.ratings.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhorde.contracts.events.ImagesShared;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.repository.RateableImage;

/**
 * Makes every shared generation rateable: one image per {@code ImagesShared}, in the shared dataset, under the
 * generation's own id (the id the AI Horde's {@code /generate/rate} names images by). Idempotent through the inbox.
 */
@ApplicationScoped
public class SharedImageIntake {

    /** What one event did. */
    public enum Result { ADDED, DUPLICATE_EVENT, CENSORED }

    private final RatingConfig config;
    private final DatasetCatalog datasets;
    private final MeterRegistry metrics;

    SharedImageIntake(RatingConfig config, DatasetCatalog datasets, MeterRegistry metrics) {
        this.config = config;
        this.datasets = datasets;
        this.metrics = metrics;
    }

    public Uni<Result> accept(ImagesShared event, String topic) {
        return Panache.withTransaction(() -> claim(event, topic, event.censored() ? "ignored" : "processed")
                        .flatMap(fresh -> {
                            if (!fresh) {
                                return Uni.createFrom().item(Result.DUPLICATE_EVENT);
                            }
                            if (event.censored()) {
                                // A censored generation is a placeholder image: nothing a rating could say about it.
                                return Uni.createFrom().item(Result.CENSORED);
                            }
                            String name = config.sharedDatasetName();
                            return datasets.ensure(DatasetCatalog.idOf(name), name,
                                            "Generations their requesters shared with the horde's open dataset.")
                                    .flatMap(dataset -> RateableImage.<RateableImage>findById(event.jobId())
                                            .flatMap(existing -> existing != null
                                                    // the same generation shared again under a new event id
                                                    ? Uni.createFrom().item(Result.DUPLICATE_EVENT)
                                                    : RateableImage.of(event.jobId(), dataset, event.bucket(),
                                                            event.objectKey(), event.model()).persist()
                                                    .replaceWith(Result.ADDED)));
                        }))
                .invoke(result -> metrics.counter("horde_ratings_shared_images_total", "result",
                        result.name().toLowerCase()).increment());
    }

    /** service-kit's inbox, written through the Hibernate session so that it commits with the image. */
    private Uni<Boolean> claim(ImagesShared event, String topic, String outcome) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into inbox (event_id, topic, outcome) values (:id, :topic, :outcome)
                        on conflict (event_id) do nothing
                        """)
                .setParameter("id", event.eventId()).setParameter("topic", topic).setParameter("outcome", outcome)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
