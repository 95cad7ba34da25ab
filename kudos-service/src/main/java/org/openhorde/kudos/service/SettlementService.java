package org.openhorde.kudos.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
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
 *
 * <p>A Kafka poll's events are settled together, in one transaction (decision 0050): one inbox claim, one lock of
 * every account they touch, one read of their owners, then each event in order against running balances.
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

    /** Settles a poll's completed jobs in one transaction, in their order; one result per settled event, in order. */
    public Uni<List<Result>> settleJobs(List<JobCompleted> events, String topic) {
        return settleBatch(works(events, SettlementService::work, topic), topic, "job");
    }

    /** Settles a poll's completed interrogation forms in one transaction, in their order (as {@link #settleJobs}). */
    public Uni<List<Result>> settleForms(List<InterrogationFormCompleted> events, String topic) {
        return settleBatch(works(events, SettlementService::work, topic), topic, "interrogation");
    }

    /**
     * A record the deserializer could not read reaches a batch as null, and an event missing what settlement needs
     * cannot become {@link Work}: neither can move money, and failing the batch for it would hold (or dead-letter)
     * every settlement beside it, so it is logged and left out; the rest of the batch is settled.
     */
    private static <T> List<Work> works(List<T> events, Function<T, Work> toWork, String topic) {
        List<Work> works = new ArrayList<>(events.size());
        for (T event : events) {
            if (event == null) {
                LOG.errorf("an unreadable record on %s left out of settlement", topic);
                continue;
            }
            try {
                works.add(toWork.apply(event));
            } catch (RuntimeException e) {
                LOG.errorf("a malformed event on %s left out of settlement: %s (%s)", topic, event, e.toString());
            }
        }
        return works;
    }

    private static Work work(JobCompleted event) {
        return new Work(event.eventId(), "job " + event.jobId(), event.outcome().delivered(),
                String.valueOf(event.outcome()), event.requester().userId(),
                event.worker() == null ? null : event.worker().ownerUserId(),
                event.worker() == null ? null : event.worker().id(), event.price(), event.tax(),
                event.spec() == null ? 0L : event.spec().params().pixelsteps(),
                settlementEventId(event.jobId()), "job_settlement", "job:" + event.jobId(), KudosCategory.GENERATED,
                "horde_kudos_settlements_total", event.requester().sharedKeyId());
    }

    /**
     * A form reaches kudos-service only when it moves kudos (delivered, or cancelled while a worker had it, which the
     * AI Horde pays for too), so every such event is settled.
     */
    private static Work work(InterrogationFormCompleted event) {
        return new Work(event.eventId(), "interrogation form " + event.formId(), true, event.outcome(),
                event.requesterUserId(), event.worker() == null ? null : event.worker().ownerUserId(),
                event.worker() == null ? null : event.worker().id(), event.kudos(), event.tax(), null,
                formSettlementEventId(event.formId()), "interrogation_settlement",
                "interrogation-form:" + event.formId(), KudosCategory.INTERROGATED,
                "horde_kudos_interrogation_settlements_total", null);
    }

    /**
     * What a batch's transaction knows while it settles event after event: the balances of every account it locked,
     * moved by each settlement's postings, and the owners it read, trusted when a settlement earned them trust. So the
     * second settlement of a requester in one batch sees the first one's charge (and floor), exactly as if it ran in
     * a transaction of its own after the first one committed.
     */
    private static final class Running {
        final Set<UUID> unprocessed;
        final Map<String, AccountBalance> balances;
        final Map<Long, UserRow> owners;

        Running(Set<UUID> fresh, Map<String, AccountBalance> balances, Map<Long, UserRow> owners) {
            this.unprocessed = new HashSet<>(fresh);
            this.balances = new HashMap<>(balances);
            this.owners = new HashMap<>(owners);
        }

        void apply(List<Posting> postings) {
            for (Posting posting : postings) {
                move(posting.accountId(), posting.amount());
            }
        }

        void move(String accountId, long amount) {
            AccountBalance before = balances.get(accountId);
            balances.put(accountId, new AccountBalance(accountId, Math.addExact(before.balance(), amount),
                    before.floor()));
        }

        void trusted(UserRow owner, long released) {
            owners.put(owner.id(), new UserRow(owner.id(), owner.username(), owner.pseudonymous(), true,
                    owner.moderator(), owner.admin(), owner.concurrency(), owner.createdAt(), owner.balance(),
                    owner.evaluatingKudos(), owner.standing()));
            if (released != 0) {
                move(AccountIds.escrow(owner.id()), -released);
                move(AccountIds.user(owner.id()), released);
            }
        }
    }

    /**
     * One transaction for the whole batch (decision 0050): the inbox claims every event id in one statement, every
     * account the batch touches is locked once, in id order (so TREASURY and BURN once per batch, and never a
     * deadlock with transfers, awards or rewards, which lock in id order too), the owners are read once with their
     * escrows locked; then each event is settled in order against the running balances. Metrics count each event,
     * after the commit only: a batch that fails is retried whole and must not be counted twice.
     */
    private Uni<List<Result>> settleBatch(List<Work> batch, String topic, String kind) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(conn -> inbox.claimAll(conn, batch.stream().map(Work::eventId).toList(), topic)
                        .flatMap(fresh -> lockAndSettle(conn, batch, fresh)))
                .invoke(results -> {
                    DistributionSummary.builder("horde_kudos_settlement_batch_size")
                            .description("events settled per transaction (one Kafka poll's batch)")
                            .tag("work", kind)
                            .register(metrics)
                            .record(batch.size());
                    boolean settled = false;
                    for (int i = 0; i < batch.size(); i++) {
                        Result result = results.get(i);
                        metrics.counter(batch.get(i).metric(), "result", result.name().toLowerCase()).increment();
                        settled |= result == Result.SETTLED;
                    }
                    if (settled) {
                        relay.nudge();
                    }
                });
    }

    private Uni<List<Result>> lockAndSettle(SqlClient conn, List<Work> batch, Set<UUID> fresh) {
        Set<String> touched = new HashSet<>();
        Set<Long> ownerIds = new HashSet<>();
        for (Work work : batch) {
            if (fresh.contains(work.eventId()) && work.delivered()) {
                touched.addAll(accountsOf(work));
                if (work.ownerUserId() != null) {
                    ownerIds.add(work.ownerUserId());
                }
            }
        }
        if (touched.isEmpty()) {
            return settleInOrder(conn, batch, new Running(fresh, Map.of(), Map.of()));
        }
        return ledger.lockAccounts(conn, touched)
                // Read with the owners' escrows locked, so a concurrent trust change is either fully before or after.
                .flatMap(balances -> users.findByIds(conn, ownerIds)
                        .flatMap(owners -> settleInOrder(conn, batch, new Running(fresh, balances, owners))));
    }

    private static Set<String> accountsOf(Work work) {
        Set<String> touched = new HashSet<>(Set.of(AccountIds.user(work.requesterUserId()), AccountIds.TREASURY,
                AccountIds.BURN));
        if (work.ownerUserId() != null) {
            touched.add(AccountIds.user(work.ownerUserId()));
            touched.add(AccountIds.escrow(work.ownerUserId()));
        }
        return touched;
    }

    /** One event after the other on the batch's connection: each sees what the ones before it moved. */
    private Uni<List<Result>> settleInOrder(SqlClient conn, List<Work> batch, Running running) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(work -> settleOne(conn, work, running))
                .collect().asList();
    }

    private Uni<Result> settleOne(SqlClient conn, Work work, Running running) {
        // An id claimed now is processed by its first occurrence in the batch; a repeat (or an id claimed by an
        // earlier batch) moves nothing.
        if (!running.unprocessed.remove(work.eventId())) {
            return Uni.createFrom().item(Result.DUPLICATE_EVENT);
        }
        if (!work.delivered()) {
            return inbox.note(conn, work.eventId(), "ignored", "outcome " + work.outcome() + " moves no kudos")
                    .replaceWith(Result.NO_KUDOS_MOVED);
        }
        if (!running.balances.keySet().containsAll(accountsOf(work))) {
            // An event naming a user this ledger never had cannot be settled; keep it on record, move nothing.
            LOG.errorf("%s names an unknown account (requester %s, owner %s); not settled",
                    work.what(), AccountIds.user(work.requesterUserId()), work.ownerUserId());
            return inbox.note(conn, work.eventId(), "rejected", "unknown account").replaceWith(Result.REJECTED);
        }
        UserRow owner = work.ownerUserId() == null ? null : running.owners.get(work.ownerUserId());
        return settleLocked(conn, work, running, owner);
    }

    private Uni<Result> settleLocked(SqlClient conn, Work work, Running running, UserRow owner) {
        String requester = AccountIds.user(work.requesterUserId());
        long held = owner == null || owner.trusted() ? 0 : EscrowPolicy.held(work.reward(), config.escrowPercent());
        List<Posting> postings = JobSettlement.plan(requester,
                owner == null ? null : AccountIds.user(owner.id()),
                owner == null ? null : AccountIds.escrow(owner.id()),
                running.balances, work.reward(), work.tax(), held);
        return ledger.record(conn, new LedgerEntry(work.ledgerEventId(), work.ledgerType(), work.ledgerReference(),
                        postings))
                .flatMap(recorded -> {
                    if (!recorded) {
                        return inbox.note(conn, work.eventId(), "already_settled", work.what())
                                .replaceWith(Result.ALREADY_SETTLED);
                    }
                    running.apply(postings);
                    return recordStats(conn, work, owner, held)
                            // The key's budget moves in this transaction, so exactly when the owner is charged.
                            .call(() -> work.sharedKeyId() == null ? Uni.createFrom().voidItem()
                                    : sharedKeys.countUsage(conn, work.ledgerEventId(), work.sharedKeyId(),
                                    work.reward() + work.tax()).replaceWithVoid())
                            // The escrow balance already includes what this settlement held.
                            .call(() -> held == 0 ? Uni.createFrom().voidItem()
                                    : trust.trustIfEarned(conn, owner,
                                            running.balances.get(AccountIds.escrow(owner.id())).balance(),
                                            work.ledgerEventId())
                                    .invoke(outcome -> {
                                        if (outcome.trusted()) {
                                            running.trusted(owner, outcome.released());
                                        }
                                    }))
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
