package org.openhorde.ratings.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;

/**
 * rating-service's own view of image requests, kept from the jobs' events (decision 0032): who asked, whether the
 * results are shared, how many images, what each delivered job cost and how it ended. It is what
 * {@code /generate/rate} checks against, so rating never waits on job-service. Idempotent without an inbox: every
 * write is an upsert of facts an event replayed states again.
 *
 * <p>Each event is <b>one statement</b> on the reactive pool, outside any transaction (a single statement is atomic
 * on its own): no Hibernate session, no BEGIN/COMMIT. An upsert that would change nothing does not update the row
 * (decision 0048: every lifecycle passes here twice, and a no-op update still writes a new row version).
 */
@ApplicationScoped
public class RequestProjection {

    /** The request's columns in the order both statements bind them ($1..$10). */
    private static final String REQUEST_VALUES = """
            insert into rateable_requests (request_id, user_id, alias, anonymous, trusted, kudos, images_requested,
                                           shared, job_count, client_agent)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """;

    private final Pool pool;

    RequestProjection(Pool pool) {
        this.pool = pool;
    }

    /** The request's row: created by the first event; JobSubmitted alone knows the job count and client agent. */
    public Uni<Void> submitted(JobSubmitted event) {
        if (event.text()) {
            // Text is never shared, never rated.
            return Uni.createFrom().voidItem();
        }
        // Only JobSubmitted sets job_count, so a row that has one has seen this event: nothing to update.
        return pool.preparedQuery(REQUEST_VALUES + """
                        on conflict (request_id) do update set
                            job_count = excluded.job_count,
                            client_agent = excluded.client_agent,
                            images_requested = coalesce(rateable_requests.images_requested, excluded.images_requested)
                        where rateable_requests.job_count is null
                        """)
                .execute(requestRow(event.requestId(), event.requester(), event.shared(), event.jobIds().size(),
                        event.clientAgent()))
                .replaceWithVoid();
    }

    /** The job's outcome and cost, and the request's row if JobSubmitted has not made it yet: one statement. */
    public Uni<Void> completed(JobCompleted event) {
        if (event.spec() == null) {
            // A text job: never shared, never rated.
            return Uni.createFrom().voidItem();
        }
        long cost = event.outcome().delivered() ? event.price() + event.tax() : 0;
        Tuple row = requestRow(event.requestId(), event.requester(), event.shared(), null, null)
                .addUUID(event.jobId()).addString(event.outcome().name()).addLong(cost);
        return pool.preparedQuery("with request as (" + REQUEST_VALUES + """
                        on conflict (request_id) do update set images_requested = excluded.images_requested
                        where rateable_requests.images_requested is null and excluded.images_requested is not null
                        )
                        insert into rateable_request_jobs (job_id, request_id, outcome, cost)
                        values ($11, $1, $12, $13)
                        on conflict (job_id) do nothing
                        """)
                .execute(row)
                .replaceWithVoid();
    }

    private static Tuple requestRow(UUID requestId, Requester requester, boolean shared, Integer jobCount,
                                    String clientAgent) {
        Requester who = requester == null ? new Requester(0, "Anonymous#0", true, false, 0) : requester;
        String agent = clientAgent == null ? null
                : clientAgent.length() > 200 ? clientAgent.substring(0, 200) : clientAgent;
        return Tuple.tuple(Arrays.asList(requestId, who.anonymous() ? 0L : who.userId(),
                who.alias() == null ? "Anonymous#0" : who.alias(), who.anonymous(), who.trusted(), who.kudos(),
                who.imagesRequested(), shared, jobCount, agent));
    }
}
