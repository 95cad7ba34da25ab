package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.IntakeRules;
import org.openhorde.jobs.repository.JobRepository;
import org.openhorde.jobs.repository.WaitingRequestRepository;
import org.openhorde.kit.inbox.InboxRepository;

/**
 * Turns accepted requests into waiting requests and their jobs, exactly once: the inbox makes each event idempotent,
 * and the request id (the primary key) makes each request idempotent even if it arrived under another event id.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    /** What happened to one submitted-request event. */
    public enum Result { QUEUED, DUPLICATE_EVENT, DUPLICATE_REQUEST, REJECTED }

    private final Pool pool;
    private final InboxRepository inbox;
    private final WaitingRequestRepository requests;
    private final JobRepository jobs;
    private final JobsConfig config;
    private final MeterRegistry metrics;

    IntakeService(Pool pool, InboxRepository inbox, WaitingRequestRepository requests, JobRepository jobs,
                  JobsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.requests = requests;
        this.jobs = jobs;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<Result> accept(JobSubmitted event, String topic) {
        Optional<String> problem = IntakeRules.problem(event);
        if (problem.isPresent()) {
            // Nothing is written, so a replay skips it again the same way.
            LOG.errorf("JobSubmitted %s for request %s cannot be queued: %s", event.eventId(), event.requestId(),
                    problem.get());
            return count(Uni.createFrom().item(Result.REJECTED));
        }
        return count(pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                .flatMap(fresh -> fresh ? enqueue(conn, event) : Uni.createFrom().item(Result.DUPLICATE_EVENT))));
    }

    private Uni<Result> enqueue(SqlClient conn, JobSubmitted event) {
        return requests.insert(conn, event, config.requestTtl(), config.priorityAgingPerSecond())
                .flatMap(inserted -> inserted
                        ? jobs.insertWaiting(conn, event.requestId(), event.jobIds()).replaceWith(Result.QUEUED)
                        : inbox.note(conn, event.eventId(), "duplicate_request", "request " + event.requestId())
                        .replaceWith(Result.DUPLICATE_REQUEST));
    }

    private Uni<Result> count(Uni<Result> result) {
        return result.invoke(r -> metrics.counter("horde_jobs_intake_total", "result", r.name().toLowerCase(Locale.ROOT))
                .increment());
    }
}
