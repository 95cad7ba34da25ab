package org.openhorde.kudos.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.InterrogationFormCompleted;
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

/**
 * Settles delivered work, exactly once per piece of work: an image job ({@link JobCompleted}) or an interrogation
 * form ({@link InterrogationFormCompleted}). Both move money the same way — the requester pays the reward plus the
 * horde tax, the worker's owner earns the reward, an untrusted owner's share waiting in escrow (which may earn them
 * trust on the spot) — so both go through one path: the inbox makes each event idempotent, and the ledger event id,
 * derived from the job or form id, makes each piece of work idempotent even if it were reported twice under
 * different event ids. What differs (ledger entry type, the worker's stat, image usage records) is in {@link Work}.
 */
@ApplicationScoped
public class SettlementService {

    private static final Logger LOG = Logger.getLogger(SettlementService.class);

    /** What happened to one completed-work event. */
    public enum Result { SETTLED, DUPLICATE_EVENT, ALREADY_SETTLED, NO_KUDOS_MOVED, REJECTED }

    /**
     * One piece of delivered (or not delivered) work, as settlement needs it.
     *
     * @param what            how logs and inbox notes name it ({@code job <id>}, {@code interrogation form <id>})
     * @param ownerUserId     the worker's owner, or null when no worker holds it
     * @param workerId        the worker whose stat grows, or null
     * @param reward          centikudos the owner earns
     * @param tax             centikudos burned on top
     * @param pixelsteps      the image's pixelsteps for the usage/contribution records; null for work that has none
     *                        (an interrogation form), which then touches no usage record
     * @param workerStat      the worker's kudos_details category the full reward goes to
     * @param sharedKeyId     the shared key the request was made with, whose budget the cost is counted against;
     *                        null when the requester used their own key
     */
    private record Work(UUID eventId, String what, boolean delivered, String outcome, long requesterUserId,
                        Long ownerUserId, UUID workerId, long reward, long tax, Long pixelsteps,
                        UUID ledgerEventId, String ledgerType, String ledgerReference, String workerStat,
                        String metric, UUID sharedKeyId) {
    }

    private final Pool pool;
    private final InboxRepository inbox;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final TrustService trust;
    private final KudosConfig config;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;
    private final SharedKeyService sharedKeys;

    SettlementService(Pool pool, InboxRepository inbox, LedgerRepository ledger, UserRepository users,
                      TrustService trust, KudosConfig config, OutboxRelay relay,
                      MeterRegistry metrics, SharedKeyService sharedKeys) {
        this.sharedKeys = sharedKeys;
        this.pool = pool;
        this.inbox = inbox;
        this.ledger = ledger;
        this.users = users;
        this.trust = trust;
        this.config = config;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** The ledger event id of a job's settlement: the same job always maps to the same id. */
    public static UUID settlementEventId(UUID jobId) {
        return UUID.nameUUIDFromBytes(("job-settlement:" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    /** The ledger event id of an interrogation form's settlement: the same form always maps to the same id. */
    public static UUID formSettlementEventId(UUID formId) {
        return UUID.nameUUIDFromBytes(("interrogation-form-settlement:" + formId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Result> settle(JobCompleted event, String topic) {
        return settle(new Work(event.eventId(), "job " + event.jobId(), event.outcome().delivered(),
                String.valueOf(event.outcome()), event.requester().userId(),
                event.worker() == null ? null : event.worker().ownerUserId(),
                event.worker() == null ? null : event.worker().id(), event.price(), event.tax(),
                event.spec() == null ? 0L : event.spec().params().pixelsteps(),
                settlementEventId(event.jobId()), "job_settlement", "job:" + event.jobId(), KudosCategory.GENERATED,
                "horde_kudos_settlements_total", event.requester().sharedKeyId()), topic);
    }

    /**
     * A form reaches kudos-service only when it moves kudos (delivered, or cancelled while a worker had it, which the
     * AI Horde pays for too), so every such event is settled.
     */
    public Uni<Result> settle(InterrogationFormCompleted event, String topic) {
        return settle(new Work(event.eventId(), "interrogation form " + event.formId(), true, event.outcome(),
                event.requesterUserId(), event.worker() == null ? null : event.worker().ownerUserId(),
                event.worker() == null ? null : event.worker().id(), event.kudos(), event.tax(), null,
                formSettlementEventId(event.formId()), "interrogation_settlement",
                "interrogation-form:" + event.formId(), KudosCategory.INTERROGATED,
                "horde_kudos_interrogation_settlements_total", null), topic);
    }

    private Uni<Result> settle(Work work, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, work.eventId(), topic)
                        .flatMap(fresh -> fresh ? settleClaimed(conn, work) : Uni.createFrom().item(Result.DUPLICATE_EVENT)))
                .invoke(result -> {
                    metrics.counter(work.metric(), "result", result.name().toLowerCase()).increment();
                    if (result == Result.SETTLED) {
                        relay.nudge();
                    }
                });
    }

    private Uni<Result> settleClaimed(SqlClient conn, Work work) {
        if (!work.delivered()) {
            return inbox.note(conn, work.eventId(), "ignored", "outcome " + work.outcome() + " moves no kudos")
                    .replaceWith(Result.NO_KUDOS_MOVED);
        }
        String requester = AccountIds.user(work.requesterUserId());
        Long ownerId = work.ownerUserId();
        Set<String> touched = new HashSet<>(Set.of(requester, AccountIds.TREASURY, AccountIds.BURN));
        if (ownerId != null) {
            touched.add(AccountIds.user(ownerId));
            touched.add(AccountIds.escrow(ownerId));
        }
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.keySet().containsAll(touched)) {
                // An event naming a user this ledger never had cannot be settled; keep it on record, move nothing.
                LOG.errorf("%s names an unknown account (requester %s, owner %s); not settled",
                        work.what(), requester, ownerId);
                return inbox.note(conn, work.eventId(), "rejected", "unknown account").replaceWith(Result.REJECTED);
            }
            // Read with the owner's escrow locked, so a concurrent trust change is either fully before or after us.
            Uni<Optional<UserRow>> owner = ownerId == null ? Uni.createFrom().item(Optional.empty())
                    : users.findById(conn, ownerId);
            return owner.flatMap(found -> settleLocked(conn, work, balances, found.orElse(null)));
        });
    }

    private Uni<Result> settleLocked(SqlClient conn, Work work, Map<String, AccountBalance> balances, UserRow owner) {
        String requester = AccountIds.user(work.requesterUserId());
        long held = owner == null || owner.trusted() ? 0 : EscrowPolicy.held(work.reward(), config.escrowPercent());
        List<Posting> postings = JobSettlement.plan(requester,
                owner == null ? null : AccountIds.user(owner.id()),
                owner == null ? null : AccountIds.escrow(owner.id()),
                balances, work.reward(), work.tax(), held);
        return ledger.record(conn, new LedgerEntry(work.ledgerEventId(), work.ledgerType(), work.ledgerReference(),
                        postings))
                .flatMap(recorded -> {
                    if (!recorded) {
                        return inbox.note(conn, work.eventId(), "already_settled", work.what())
                                .replaceWith(Result.ALREADY_SETTLED);
                    }
                    return recordStats(conn, work, owner, held)
                            // The key's budget moves in this transaction, so exactly when the owner is charged.
                            .call(() -> work.sharedKeyId() == null ? Uni.createFrom().voidItem()
                                    : sharedKeys.countUsage(conn, work.ledgerEventId(), work.sharedKeyId(),
                                    work.reward() + work.tax()).replaceWithVoid())
                            .call(() -> held == 0 ? Uni.createFrom().voidItem()
                                    : trust.trustIfEarned(conn, owner,
                                    balances.get(AccountIds.escrow(owner.id())).balance() + held,
                                    work.ledgerEventId()))
                            .replaceWith(Result.SETTLED);
                });
    }

    /**
     * kudos_details and usage records get the full amounts, even where a floor clamped the balance; the owner's
     * {@code accumulated} gets what reached their balance (the escrowed part follows when it is released), the
     * worker's stat ({@code generated} or {@code interrogated}) the full reward. Only images have usage records.
     * All of it is one statement ({@link UserRepository#recordSettlement}); a requester who owns the worker gets
     * one merged {@code accumulated} delta.
     */
    private Uni<Void> recordStats(SqlClient conn, Work work, UserRow owner, long held) {
        long requesterId = work.requesterUserId();
        Map<Long, Long> accumulated = new LinkedHashMap<>();
        accumulated.put(requesterId, -(work.reward() + work.tax()));
        long paid = work.reward() - held;
        if (owner != null && paid != 0) {
            accumulated.merge(owner.id(), paid, Math::addExact);
        }
        Long[] statUsers = accumulated.keySet().toArray(Long[]::new);
        Long[] amounts = accumulated.values().toArray(Long[]::new);
        String[] categories = new String[statUsers.length];
        Arrays.fill(categories, KudosCategory.ACCUMULATED);
        return users.recordSettlement(conn, statUsers, categories, amounts, requesterId,
                owner == null ? null : owner.id(), work.pixelsteps(), owner == null ? null : work.workerId(),
                work.workerStat(), work.reward());
    }
}
