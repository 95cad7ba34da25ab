package org.openhorde.ratings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;

/**
 * rating-service's own view of image requests, kept from the jobs' events (decision 0032): who asked, whether the
 * results are shared, how many images, what each delivered job cost and how it ended. It is what
 * {@code /generate/rate} checks against, so rating never waits on job-service. Idempotent without an inbox: every
 * write is an upsert of facts an event replayed states again.
 */
@ApplicationScoped
public class RequestProjection {

    /** Inside no transaction: one statement per event, each its own. */
    public Uni<Void> submitted(JobSubmitted event) {
        if (event.text()) {
            // Text is never shared, never rated.
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> upsertRequest(event.requestId(), event.requester(), event.shared(),
                event.jobIds().size(), event.clientAgent()));
    }

    public Uni<Void> completed(JobCompleted event) {
        if (event.spec() == null) {
            // A text job: never shared, never rated.
            return Uni.createFrom().voidItem();
        }
        long cost = event.outcome().delivered() ? event.price() + event.tax() : 0;
        return Panache.withTransaction(() -> upsertRequest(event.requestId(), event.requester(), event.shared(), null,
                        null)
                .chain(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                                insert into rateable_request_jobs (job_id, request_id, outcome, cost)
                                values (:job, :request, :outcome, :cost)
                                on conflict (job_id) do nothing
                                """)
                        .setParameter("job", event.jobId()).setParameter("request", event.requestId())
                        .setParameter("outcome", event.outcome().name()).setParameter("cost", cost)
                        .executeUpdate()))
                .replaceWithVoid());
    }

    /** The request's row: the first event creates it; JobSubmitted alone knows the job count and client agent. */
    private Uni<Void> upsertRequest(UUID requestId, Requester requester, boolean shared, Integer jobCount,
                                    String clientAgent) {
        Requester who = requester == null ? new Requester(0, "Anonymous#0", true, false, 0) : requester;
        String agent = clientAgent == null ? null
                : clientAgent.length() > 200 ? clientAgent.substring(0, 200) : clientAgent;
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into rateable_requests (request_id, user_id, alias, anonymous, trusted, kudos,
                                                       images_requested, shared, job_count, client_agent)
                        values (:request, :user, :alias, :anonymous, :trusted, :kudos, :images, :shared, :jobs, :agent)
                        on conflict (request_id) do update set
                            job_count = coalesce(rateable_requests.job_count, excluded.job_count),
                            client_agent = coalesce(rateable_requests.client_agent, excluded.client_agent),
                            images_requested = coalesce(rateable_requests.images_requested, excluded.images_requested)
                        """)
                .setParameter("request", requestId).setParameter("user", who.anonymous() ? 0L : who.userId())
                .setParameter("alias", who.alias() == null ? "Anonymous#0" : who.alias())
                .setParameter("anonymous", who.anonymous()).setParameter("trusted", who.trusted())
                .setParameter("kudos", who.kudos()).setParameter("images", who.imagesRequested())
                .setParameter("shared", shared).setParameter("jobs", jobCount).setParameter("agent", agent)
                .executeUpdate())
                .replaceWithVoid();
    }
}
