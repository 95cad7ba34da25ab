package org.openhorde.kudos.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kudos.config.KudosConfig;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.EscrowPolicy;
import org.openhorde.kudos.domain.JobSettlement;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRow;
import org.openhorde.kudos.repository.WorkerStatsRepository;

/**
 * Settles completed jobs, exactly once per job: the inbox makes each event idempotent, and the ledger event id,
 * derived from the job id, makes each job idempotent even if it were reported twice under different event ids.
 * An untrusted owner's share of the reward goes to their escrow (which may earn them trust on the spot).
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
    private final WorkerStatsRepository workerStats;
    private final TrustService trust;
    private final KudosConfig config;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    SettlementService(Pool pool, InboxRepository inbox, LedgerRepository ledger, UserRepository users,
                      WorkerStatsRepository workerStats, TrustService trust, KudosConfig config, OutboxRelay relay,
                      MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.ledger = ledger;
        this.users = users;
        this.workerStats = workerStats;
        this.trust = trust;
        this.config = config;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** The ledger event id of a job's settlement: the same job always maps to the same id. */
    public static UUID settlementEventId(UUID jobId) {
        return UUID.nameUUIDFromBytes(("job-settlement:" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Result> settle(JobCompleted event, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                        .flatMap(fresh -> fresh ? settleClaimed(conn, event) : Uni.createFrom().item(Result.DUPLICATE_EVENT)))
                .invoke(result -> {
                    metrics.counter("horde_kudos_settlements_total", "result", result.name().toLowerCase())
                            .increment();
                    if (result == Result.SETTLED) {
                        relay.nudge();
                    }
                });
    }

    private Uni<Result> settleClaimed(SqlClient conn, JobCompleted event) {
        if (!event.outcome().delivered()) {
            return inbox.note(conn, event.eventId(), "ignored", "outcome " + event.outcome() + " moves no kudos")
                    .replaceWith(Result.NO_KUDOS_MOVED);
        }
        String requester = AccountIds.user(event.requester().userId());
        Long ownerId = event.worker() == null ? null : event.worker().ownerUserId();
        Set<String> touched = new HashSet<>(Set.of(requester, AccountIds.TREASURY, AccountIds.BURN));
        if (ownerId != null) {
            touched.add(AccountIds.user(ownerId));
            touched.add(AccountIds.escrow(ownerId));
        }
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.keySet().containsAll(touched)) {
                // An event naming a user this ledger never had cannot be settled; keep it on record, move nothing.
                LOG.errorf("job %s names an unknown account (requester %s, owner %s); not settled",
                        event.jobId(), requester, ownerId);
                return inbox.note(conn, event.eventId(), "rejected", "unknown account").replaceWith(Result.REJECTED);
            }
            // Read with the owner's escrow locked, so a concurrent trust change is either fully before or after us.
            Uni<Optional<UserRow>> owner = ownerId == null ? Uni.createFrom().item(Optional.empty())
                    : users.findById(conn, ownerId);
            return owner.flatMap(found -> settleLocked(conn, event, balances, found.orElse(null)));
        });
    }

    private Uni<Result> settleLocked(SqlClient conn, JobCompleted event, Map<String, AccountBalance> balances,
                                     UserRow owner) {
        String requester = AccountIds.user(event.requester().userId());
        long held = owner == null || owner.trusted() ? 0 : EscrowPolicy.held(event.price(), config.escrowPercent());
        UUID ledgerEventId = settlementEventId(event.jobId());
        List<Posting> postings = JobSettlement.plan(requester,
                owner == null ? null : AccountIds.user(owner.id()),
                owner == null ? null : AccountIds.escrow(owner.id()),
                balances, event.price(), event.tax(), held);
        return ledger.record(conn, new LedgerEntry(ledgerEventId, "job_settlement", "job:" + event.jobId(), postings))
                .flatMap(recorded -> {
                    if (!recorded) {
                        return inbox.note(conn, event.eventId(), "already_settled", "job " + event.jobId())
                                .replaceWith(Result.ALREADY_SETTLED);
                    }
                    return recordStats(conn, event, held)
                            .call(() -> held == 0 ? Uni.createFrom().voidItem()
                                    : trust.trustIfEarned(conn, owner,
                                    balances.get(AccountIds.escrow(owner.id())).balance() + held, ledgerEventId))
                            .replaceWith(Result.SETTLED);
                });
    }

    /**
     * kudos_details and usage records get the full amounts, even where a floor clamped the balance; the owner's
     * {@code accumulated} gets what reached their balance (the escrowed part follows when it is released), the
     * worker's {@code generated} the full reward.
     */
    private Uni<Void> recordStats(SqlClient conn, JobCompleted event, long held) {
        long requesterId = event.requester().userId();
        long pixelsteps = event.spec() == null ? 0 : event.spec().params().pixelsteps();
        Uni<Void> requesterSide = users.addToStat(conn, requesterId, KudosCategory.ACCUMULATED,
                        -(event.price() + event.tax()))
                .call(() -> users.recordUsage(conn, requesterId, pixelsteps));
        if (event.worker() == null) {
            return requesterSide;
        }
        long ownerId = event.worker().ownerUserId();
        long paid = event.price() - held;
        return requesterSide
                .call(() -> paid == 0 ? Uni.createFrom().voidItem()
                        : users.addToStat(conn, ownerId, KudosCategory.ACCUMULATED, paid))
                .call(() -> users.recordContribution(conn, ownerId, pixelsteps))
                .call(() -> event.worker().id() == null ? Uni.createFrom().voidItem()
                        : workerStats.add(conn, event.worker().id(), KudosCategory.GENERATED, event.price()));
    }
}
