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
import org.openhorde.contracts.events.InterrogationFormCompleted;
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
 * Settles an interrogation form: the requester pays the form's kudos plus the horde tax, the worker's owner earns
 * the form's kudos (held in escrow like an image job's while the owner is not trusted). Exactly once: the inbox
 * refuses a replayed event and the ledger refuses a second settlement of the same form (its id derives from it).
 */
@ApplicationScoped
public class InterrogationSettlementService {

    private static final Logger LOG = Logger.getLogger(InterrogationSettlementService.class);

    private final Pool pool;
    private final InboxRepository inbox;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final WorkerStatsRepository workerStats;
    private final TrustService trust;
    private final KudosConfig config;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    InterrogationSettlementService(Pool pool, InboxRepository inbox, LedgerRepository ledger, UserRepository users,
                                   WorkerStatsRepository workerStats, TrustService trust, KudosConfig config,
                                   OutboxRelay relay, MeterRegistry metrics) {
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

    /** The ledger event id of a form's settlement: the same form always maps to the same id. */
    public static UUID settlementEventId(UUID formId) {
        return UUID.nameUUIDFromBytes(("interrogation-form-settlement:" + formId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<SettlementService.Result> settle(InterrogationFormCompleted event, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                        .flatMap(fresh -> fresh ? settleClaimed(conn, event)
                                : Uni.createFrom().item(SettlementService.Result.DUPLICATE_EVENT)))
                .invoke(result -> {
                    metrics.counter("horde_kudos_interrogation_settlements_total", "result",
                            result.name().toLowerCase()).increment();
                    if (result == SettlementService.Result.SETTLED) {
                        relay.nudge();
                    }
                });
    }

    private Uni<SettlementService.Result> settleClaimed(SqlClient conn, InterrogationFormCompleted event) {
        String requester = AccountIds.user(event.requesterUserId());
        Long ownerId = event.worker() == null ? null : event.worker().ownerUserId();
        Set<String> touched = new HashSet<>(Set.of(requester, AccountIds.TREASURY, AccountIds.BURN));
        if (ownerId != null) {
            touched.add(AccountIds.user(ownerId));
            touched.add(AccountIds.escrow(ownerId));
        }
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.keySet().containsAll(touched)) {
                LOG.errorf("interrogation form %s names an unknown account (requester %s, owner %s); not settled",
                        event.formId(), requester, ownerId);
                return inbox.note(conn, event.eventId(), "rejected", "unknown account")
                        .replaceWith(SettlementService.Result.REJECTED);
            }
            Uni<Optional<UserRow>> owner = ownerId == null ? Uni.createFrom().item(Optional.empty())
                    : users.findById(conn, ownerId);
            return owner.flatMap(found -> settleLocked(conn, event, balances, found.orElse(null)));
        });
    }

    private Uni<SettlementService.Result> settleLocked(SqlClient conn, InterrogationFormCompleted event,
                                                       Map<String, AccountBalance> balances, UserRow owner) {
        String requester = AccountIds.user(event.requesterUserId());
        long held = owner == null || owner.trusted() ? 0 : EscrowPolicy.held(event.kudos(), config.escrowPercent());
        UUID ledgerEventId = settlementEventId(event.formId());
        List<Posting> postings = JobSettlement.plan(requester,
                owner == null ? null : AccountIds.user(owner.id()),
                owner == null ? null : AccountIds.escrow(owner.id()),
                balances, event.kudos(), event.tax(), held);
        return ledger.record(conn, new LedgerEntry(ledgerEventId, "interrogation_settlement",
                        "interrogation-form:" + event.formId(), postings))
                .flatMap(recorded -> {
                    if (!recorded) {
                        return inbox.note(conn, event.eventId(), "already_settled", "form " + event.formId())
                                .replaceWith(SettlementService.Result.ALREADY_SETTLED);
                    }
                    return recordStats(conn, event, owner, held)
                            .call(() -> held == 0 ? Uni.createFrom().voidItem()
                                    : trust.trustIfEarned(conn, owner,
                                    balances.get(AccountIds.escrow(owner.id())).balance() + held, ledgerEventId))
                            .replaceWith(SettlementService.Result.SETTLED);
                });
    }

    /** The requester's and owner's kudos_details; the worker's {@code interrogated} stat gets the full reward. */
    private Uni<Void> recordStats(SqlClient conn, InterrogationFormCompleted event, UserRow owner, long held) {
        Uni<Void> requesterSide = users.addToStat(conn, event.requesterUserId(), KudosCategory.ACCUMULATED,
                -(event.kudos() + event.tax()));
        if (owner == null) {
            return requesterSide;
        }
        long paid = event.kudos() - held;
        return requesterSide
                .call(() -> paid == 0 ? Uni.createFrom().voidItem()
                        : users.addToStat(conn, owner.id(), KudosCategory.ACCUMULATED, paid))
                .call(() -> event.worker().id() == null ? Uni.createFrom().voidItem()
                        : workerStats.add(conn, event.worker().id(), KudosCategory.INTERROGATED, event.kudos()));
    }
}
