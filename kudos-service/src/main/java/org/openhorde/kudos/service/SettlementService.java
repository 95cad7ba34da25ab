package org.openhorde.kudos.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.JobSettlement;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.InboxRepository;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;

/**
 * Settles completed jobs, exactly once per job: the inbox makes each event idempotent, and the ledger event id,
 * derived from the job id, makes each job idempotent even if it were reported twice under different event ids.
 */
@ApplicationScoped
public class SettlementService {

    private static final Logger LOG = Logger.getLogger(SettlementService.class);

    /** What happened to one completed-job event. */
    public enum Result { SETTLED, DUPLICATE_EVENT, ALREADY_SETTLED, NO_KUDOS_MOVED, REJECTED }

    private final Pool pool;
    private final InboxRepository inbox;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final MeterRegistry metrics;

    SettlementService(Pool pool, InboxRepository inbox, LedgerRepository ledger, UserRepository users,
                      MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.ledger = ledger;
        this.users = users;
        this.metrics = metrics;
    }

    /** The ledger event id of a job's settlement: the same job always maps to the same id. */
    public static UUID settlementEventId(UUID jobId) {
        return UUID.nameUUIDFromBytes(("job-settlement:" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Result> settle(JobCompleted event, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                        .flatMap(fresh -> fresh ? settleClaimed(conn, event) : Uni.createFrom().item(Result.DUPLICATE_EVENT)))
                .invoke(result -> metrics.counter("horde_kudos_settlements_total", "result", result.name().toLowerCase())
                        .increment());
    }

    private Uni<Result> settleClaimed(SqlClient conn, JobCompleted event) {
        if (!event.outcome().delivered()) {
            return inbox.note(conn, event.eventId(), "ignored", "outcome " + event.outcome() + " moves no kudos")
                    .replaceWith(Result.NO_KUDOS_MOVED);
        }
        String requester = AccountIds.user(event.requester().userId());
        String owner = event.worker() == null ? null : AccountIds.user(event.worker().ownerUserId());
        Set<String> touched = new HashSet<>(Set.of(requester, AccountIds.TREASURY, AccountIds.BURN));
        if (owner != null) {
            touched.add(owner);
        }
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.containsKey(requester) || (owner != null && !balances.containsKey(owner))) {
                // An event naming a user this ledger never had cannot be settled; keep it on record, move nothing.
                LOG.errorf("job %s names an unknown account (requester %s, owner %s); not settled",
                        event.jobId(), requester, owner);
                return inbox.note(conn, event.eventId(), "rejected", "unknown account").replaceWith(Result.REJECTED);
            }
            UUID ledgerEventId = settlementEventId(event.jobId());
            return ledger.openEvent(conn, ledgerEventId, "job_settlement", "job:" + event.jobId())
                    .flatMap(opened -> {
                        if (!opened) {
                            return inbox.note(conn, event.eventId(), "already_settled", "job " + event.jobId())
                                    .replaceWith(Result.ALREADY_SETTLED);
                        }
                        List<Posting> postings = JobSettlement.plan(requester, owner, balances, event.price(),
                                event.tax());
                        return ledger.post(conn, ledgerEventId, postings)
                                .call(() -> recordStats(conn, event))
                                .replaceWith(Result.SETTLED);
                    });
        });
    }

    /** kudos_details and usage records get the full amounts, even where a floor clamped the balance. */
    private Uni<Void> recordStats(SqlClient conn, JobCompleted event) {
        long requesterId = event.requester().userId();
        long pixelsteps = event.spec() == null ? 0 : event.spec().params().pixelsteps();
        Uni<Void> requesterSide = users.addToStat(conn, requesterId, KudosCategory.ACCUMULATED,
                        -(event.price() + event.tax()))
                .call(() -> users.recordUsage(conn, requesterId, pixelsteps));
        if (event.worker() == null) {
            return requesterSide;
        }
        long ownerId = event.worker().ownerUserId();
        return requesterSide
                .call(() -> event.price() == 0 ? Uni.createFrom().voidItem()
                        : users.addToStat(conn, ownerId, KudosCategory.ACCUMULATED, event.price()))
                .call(() -> users.recordContribution(conn, ownerId, pixelsteps));
    }
}
