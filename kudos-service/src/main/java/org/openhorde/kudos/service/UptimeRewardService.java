package org.openhorde.kudos.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.WorkerUptimeRewarded;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRow;
import org.openhorde.kudos.repository.WorkerStatsRepository;

/**
 * Pays uptime rewards from the treasury to the worker's owner, once per worker and uptime mark (the ledger event id
 * derives from both), and in full into escrow while the owner is not trusted, as the AI Horde does — except an
 * interrogation worker's ({@code bypassesEscrow}), which the AI Horde credits to the spendable balance at once:
 * alchemists earn few forms, and an untrusted owner could otherwise never spend anything.
 */
@ApplicationScoped
public class UptimeRewardService {

    private static final Logger LOG = Logger.getLogger(UptimeRewardService.class);

    /** What happened to one uptime-reward event. */
    public enum Result { REWARDED, DUPLICATE_EVENT, ALREADY_REWARDED, NO_KUDOS_MOVED, REJECTED }

    private final Pool pool;
    private final InboxRepository inbox;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final WorkerStatsRepository workerStats;
    private final TrustService trust;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    UptimeRewardService(Pool pool, InboxRepository inbox, LedgerRepository ledger, UserRepository users,
                        WorkerStatsRepository workerStats, TrustService trust, OutboxRelay relay,
                        MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.ledger = ledger;
        this.users = users;
        this.workerStats = workerStats;
        this.trust = trust;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** The ledger event id of one uptime reward: the same worker at the same uptime mark always maps to it. */
    public static UUID rewardEventId(UUID workerId, long uptimeSeconds) {
        return UUID.nameUUIDFromBytes(("uptime-reward:" + workerId + ":" + uptimeSeconds)
                .getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Result> reward(WorkerUptimeRewarded event, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                        .flatMap(fresh -> fresh ? rewardClaimed(conn, event)
                                : Uni.createFrom().item(Result.DUPLICATE_EVENT)))
                .invoke(result -> {
                    metrics.counter("horde_kudos_uptime_rewards_total", "result", result.name().toLowerCase())
                            .increment();
                    if (result == Result.REWARDED) {
                        relay.nudge();
                    }
                });
    }

    private Uni<Result> rewardClaimed(SqlClient conn, WorkerUptimeRewarded event) {
        if (event.reward() <= 0 || event.worker() == null || event.worker().id() == null) {
            return inbox.note(conn, event.eventId(), "ignored", "no reward or no worker")
                    .replaceWith(Result.NO_KUDOS_MOVED);
        }
        long ownerId = event.worker().ownerUserId();
        Set<String> touched = Set.of(AccountIds.user(ownerId), AccountIds.escrow(ownerId), AccountIds.TREASURY);
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.keySet().containsAll(touched) || ownerId == 0) {
                LOG.errorf("uptime reward of worker %s names an unknown or anonymous owner %d; not paid",
                        event.worker().id(), ownerId);
                return inbox.note(conn, event.eventId(), "rejected", "unknown owner").replaceWith(Result.REJECTED);
            }
            // Read with the owner's escrow locked, so a concurrent trust change is either fully before or after us.
            return users.findById(conn, ownerId)
                    .flatMap(owner -> rewardLocked(conn, event, balances, owner.orElseThrow()));
        });
    }

    private Uni<Result> rewardLocked(SqlClient conn, WorkerUptimeRewarded event, Map<String, AccountBalance> balances,
                                     UserRow owner) {
        long reward = event.reward();
        UUID ledgerEventId = rewardEventId(event.worker().id(), event.uptimeSeconds());
        boolean spendable = owner.trusted() || event.bypassesEscrow();
        Posting credit = spendable
                ? new Posting(AccountIds.user(owner.id()), reward, KudosCategory.ACCUMULATED)
                : new Posting(AccountIds.escrow(owner.id()), reward, KudosCategory.ESCROW);
        List<Posting> postings = List.of(credit, new Posting(AccountIds.TREASURY, -reward, KudosCategory.UPTIME));
        String reference = "worker:" + event.worker().id() + " uptime " + event.uptimeSeconds() + "s";
        return ledger.record(conn, new LedgerEntry(ledgerEventId, "uptime_reward", reference, postings))
                .flatMap(recorded -> {
                    if (!recorded) {
                        return inbox.note(conn, event.eventId(), "already_rewarded", reference)
                                .replaceWith(Result.ALREADY_REWARDED);
                    }
                    Uni<Void> ownerSide = spendable
                            ? users.addToStat(conn, owner.id(), KudosCategory.ACCUMULATED, reward)
                            : trust.trustIfEarned(conn, owner,
                            balances.get(AccountIds.escrow(owner.id())).balance() + reward, ledgerEventId).replaceWithVoid();
                    return ownerSide
                            .call(() -> workerStats.add(conn, event.worker().id(), KudosCategory.UPTIME, reward))
                            .replaceWith(Result.REWARDED);
                });
    }
}
