package org.openhorde.jobs.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openhorde.contracts.BackingServices;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.IntakeRules;
import org.openhorde.jobs.repository.JobRepository;
import org.openhorde.jobs.repository.WaitingRequestRepository;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;

/**
 * Turns accepted requests into waiting requests and their jobs, exactly once: the inbox makes each event idempotent,
 * and the request id (the primary key) makes each request idempotent even if it arrived under another event id.
 *
 * <p>The gateway hands every request over directly ({@link #queue}): the request, its jobs and the {@link
 * JobSubmitted} outbox row commit together, so the gateway's 202 means "in the queue" (a pop right after it finds the
 * request) and everybody else still learns of it from the topic. The topic's own consumer ({@link #accept}) stays for
 * events published straight onto the topic (the bench's {@code --pop-depths} fill, an older gateway): it finds the
 * event ids of directly queued requests already claimed in the inbox, so their echo from the outbox changes nothing.
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
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobsConfig config;
    private final MeterRegistry metrics;

    IntakeService(Pool pool, InboxRepository inbox, WaitingRequestRepository requests, JobRepository jobs,
                  OutboxRepository outbox, OutboxRelay relay, JobsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.requests = requests;
        this.jobs = jobs;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Queues a request the gateway accepted and announces it through the outbox, in one transaction. Idempotent: the
     * gateway retries with the same event after a timeout, and a request already queued (under this event id or
     * another) is answered as queued, without a second announcement.
     *
     * @throws HordeException 400 when the request cannot be queued (a bug upstream: the gateway validated it)
     */
    public Uni<Result> queue(JobSubmitted event) {
        if (event == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        Optional<String> problem = IntakeRules.problem(event);
        if (problem.isPresent()) {
            metrics.counter("horde_jobs_intake_total", "result", "rejected").increment();
            throw new HordeException(Rc.BadRequest, "The request cannot be queued: " + problem.get());
        }
        // Claimed under the topic's name: the echo of this event from the outbox is then a duplicate to the consumer.
        return count(pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), Topics.JOBS_SUBMITTED)
                        .flatMap(fresh -> fresh ? enqueue(conn, event) : Uni.createFrom().item(Result.DUPLICATE_EVENT))
                        .call(result -> result == Result.QUEUED
                                ? outbox.append(conn, Topics.JOBS_SUBMITTED, event)
                                : Uni.createFrom().voidItem())))
                .onFailure(IntakeService::violatesAConstraint).transform(e -> new HordeException(Rc.BadRequest,
                        "The request cannot be queued: " + e.getMessage()))
                .invoke(result -> {
                    if (result == Result.QUEUED) {
                        relay.nudge();
                    }
                });
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

    /**
     * SQLSTATE class 23 (a value missing or out of its allowed range): the caller's event is at fault, so a 400
     * rather than a 500. (Class 22, a value the database cannot hold, the service kit answers 400 already.)
     */
    private static boolean violatesAConstraint(Throwable failure) {
        String state = BackingServices.sqlState(failure);
        return state != null && state.startsWith("23");
    }

    private Uni<Result> enqueue(SqlClient conn, JobSubmitted event) {
        return requests.insert(conn, event, event.text() ? config.textRequestTtl() : config.requestTtl(),
                        config.priorityAgingPerSecond())
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
