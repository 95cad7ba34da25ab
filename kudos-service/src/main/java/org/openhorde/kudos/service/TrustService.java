package org.openhorde.kudos.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.contracts.internal.TrustChange;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.kudos.config.KudosConfig;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.EscrowPolicy;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRow;

/**
 * Trust and the escrow it unlocks. A user becomes trusted when an operator says so, or automatically when their
 * escrow exceeds the threshold and their account is old enough; either way everything in their escrow moves to their
 * balance by compensating postings (an {@code escrow_release} ledger event). Both paths hold the user's balance and
 * escrow accounts locked, so a reward being escrowed concurrently either lands before the release (and is released
 * with it) or sees the user already trusted (and is paid directly).
 */
@ApplicationScoped
public class TrustService {

    private final Pool pool;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final KudosConfig config;
    private final OutboxRelay relay;
    private final OutboxRepository outbox;

    TrustService(Pool pool, LedgerRepository ledger, UserRepository users, KudosConfig config, OutboxRelay relay,
                 OutboxRepository outbox) {
        this.pool = pool;
        this.ledger = ledger;
        this.users = users;
        this.config = config;
        this.relay = relay;
        this.outbox = outbox;
    }

    /** An operator marks a user trusted (releasing their escrow) or untrusted (later rewards are held again). */
    public Uni<Void> change(long userId, TrustChange change) {
        if (change.trusted() == null) {
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, "'trusted' is a required property"));
        }
        if (userId == 0) {
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, "The anonymous user cannot be trusted."));
        }
        boolean trusted = change.trusted();
        return pool.withTransaction(conn -> users.findById(conn, userId).flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(
                                new HordeException(Rc.UserNotFound, "User with ID '" + userId + "' not found."));
                    }
                    return setTrusted(conn, userId, trusted, change.byUserId());
                }))
                .invoke(relay::nudge);
    }

    /**
     * Trusts or untrusts a user in the caller's transaction (announced to the gateways in it), releasing their
     * escrow when trusted. The caller nudges the relay after the commit.
     */
    public Uni<Void> setTrusted(SqlClient conn, long userId, boolean trusted, long byUserId) {
        return ledger.lockAccounts(conn, Set.of(AccountIds.user(userId), AccountIds.escrow(userId)))
                .call(() -> users.setTrusted(conn, userId, trusted))
                .call(() -> announceTrust(conn, userId))
                .call(balances -> !trusted ? Uni.createFrom().voidItem()
                        : release(conn, userId, escrowed(balances, userId), UUID.randomUUID(),
                        "escrow release user:" + userId + ", trusted by user:" + byUserId).replaceWithVoid())
                .replaceWithVoid();
    }

    /**
     * What {@link #trustIfEarned} did: whether the owner became trusted, and how much of their escrow moved to their
     * balance (a caller that settles several rewards in one transaction carries both forward).
     */
    public record AutoTrust(boolean trusted, long released) {
        public static final AutoTrust NOT_EARNED = new AutoTrust(false, 0);
    }

    /**
     * Called right after a reward was escrowed, with the owner's accounts still locked: trusts the owner and releases
     * the escrow when they earned it. The release's ledger id derives from the reward's, so a replay cannot release
     * twice.
     *
     * @param escrowed what the owner's escrow holds now, including the reward just held
     */
    public Uni<AutoTrust> trustIfEarned(SqlClient conn, UserRow owner, long escrowed, UUID rewardEventId) {
        if (!EscrowPolicy.earnsTrust(escrowed, config.trustThreshold(), owner.createdAt(), config.trustMinAge(),
                Instant.now())) {
            return Uni.createFrom().item(AutoTrust.NOT_EARNED);
        }
        UUID releaseId = UUID.nameUUIDFromBytes(("escrow-release:" + rewardEventId).getBytes(StandardCharsets.UTF_8));
        return users.setTrusted(conn, owner.id(), true)
                .call(() -> announceTrust(conn, owner.id()))
                .chain(() -> release(conn, owner.id(), escrowed, releaseId,
                        "escrow release user:" + owner.id() + ", trusted automatically"))
                .map(released -> new AutoTrust(true, released));
    }

    /** Gateways cache verified keys with their user's trust: in the same transaction, tell them it changed. */
    private Uni<Void> announceTrust(SqlClient conn, long userId) {
        return outbox.append(conn, Topics.USERS_CHANGED, UserChanged.of(userId, UserChanged.TRUST));
    }

    /** Returns what moved from the escrow to the balance (0 when nothing was held or it was released before). */
    private Uni<Long> release(SqlClient conn, long userId, long escrowed, UUID eventId, String reference) {
        List<Posting> postings = EscrowPolicy.release(userId, escrowed);
        if (postings.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return ledger.record(conn, new LedgerEntry(eventId, "escrow_release", reference, postings))
                .call(recorded -> recorded ? users.addToStat(conn, userId, KudosCategory.ACCUMULATED, escrowed)
                        : Uni.createFrom().voidItem())
                .map(recorded -> recorded ? escrowed : 0L);
    }

    private static long escrowed(Map<String, AccountBalance> balances, long userId) {
        AccountBalance escrow = balances.get(AccountIds.escrow(userId));
        return escrow == null ? 0 : escrow.balance();
    }
}
