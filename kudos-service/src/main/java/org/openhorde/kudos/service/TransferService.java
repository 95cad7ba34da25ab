package org.openhorde.kudos.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.KudosAward;
import org.openhorde.contracts.internal.KudosMoved;
import org.openhorde.contracts.internal.KudosTransfer;
import org.openhorde.contracts.internal.StyleReward;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kudos.domain.AccountBalance;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.domain.StyleRewardPostings;
import org.openhorde.kudos.domain.TransferTarget;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.TransferRepository;
import org.openhorde.kudos.repository.UserRepository;

/**
 * Kudos moved by people: transfers between users (AI Horde rules and codes) and awards minted by privileged accounts.
 * Both lock the accounts they touch in id order, so concurrent transfers can neither deadlock nor overdraw; both are
 * idempotent under a client key (the ledger event id is derived from it).
 */
@ApplicationScoped
public class TransferService {

    /** A transfer straight back to someone who just gave you kudos is refused for this long (AI Horde: 60 s). */
    private static final Duration TRANSFER_BACK_COOLDOWN = Duration.ofSeconds(60);

    private final Pool pool;
    private final LedgerRepository ledger;
    private final TransferRepository transfers;
    private final UserRepository users;
    private final OutboxRelay relay;

    TransferService(Pool pool, LedgerRepository ledger, TransferRepository transfers, UserRepository users,
                    OutboxRelay relay) {
        this.pool = pool;
        this.ledger = ledger;
        this.transfers = transfers;
        this.users = users;
        this.relay = relay;
    }

    public Uni<KudosMoved> transfer(KudosTransfer request) {
        long amount = request.amount();
        if (amount < 0) {
            return fail(Rc.NegativeKudosTransfer, "Cannot send negative kudos.");
        }
        if (amount == 0) {
            return fail(Rc.InvalidKudosTransferAmount, "Cannot send 0 kudos.");
        }
        if (request.fromUserId() == 0) {
            return fail(Rc.KudosTransferFromAnon, "You cannot transfer Kudos from Anonymous, smart-ass.");
        }
        var targetId = TransferTarget.userId(request.target());
        if (targetId.isEmpty()) {
            return fail(Rc.InvalidTargetUsername, "Invalid target username.");
        }
        long from = request.fromUserId();
        long to = targetId.getAsLong();
        if (to == 0) {
            return fail(Rc.KudosTransferToAnon, "You cannot transfer Kudos to Anonymous, smart-ass.");
        }
        if (to == from) {
            return fail(Rc.KudosTransferToSelf, "You cannot send Kudos to yourself, you narcissist!");
        }
        UUID eventId = eventId("transfer", from, request.idempotencyKey());
        String reference = "transfer user:" + from + " -> user:" + to + " " + amount;
        return pool.withTransaction(conn -> replayOrElse(conn, eventId, reference, amount, () ->
                lockBoth(conn, from, to).flatMap(balances -> {
                    AccountBalance source = balances.get(AccountIds.user(from));
                    if (source == null) {
                        return fail(Rc.InvalidAPIKey, "No user matching sent API Key.");
                    }
                    if (!balances.containsKey(AccountIds.user(to))) {
                        return fail(Rc.InvalidTargetUsername, "Invalid target username.");
                    }
                    long spendable = source.balance() - (source.floor() == null ? 0 : source.floor());
                    if (amount > spendable) {
                        return fail(Rc.KudosTransferNotEnough, "Not enough kudos to send.");
                    }
                    return transfers.receivedRecently(conn, from, to, TRANSFER_BACK_COOLDOWN).flatMap(tooFast -> {
                        if (tooFast) {
                            return Uni.createFrom().item(new HordeException(Rc.TooFastKudosTransfers,
                                    "You cannot transfer kudos back to someone who just sent you kudos."));
                        }
                        return standingRefusal(conn, from, to);
                    }).flatMap(refused -> {
                        if (refused != null) {
                            return Uni.createFrom().<KudosMoved>failure(refused);
                        }
                        List<Posting> postings = List.of(
                                new Posting(AccountIds.user(from), -amount, KudosCategory.GIFTED),
                                new Posting(AccountIds.user(to), amount, KudosCategory.RECEIVED));
                        return move(conn, eventId, reference, "transfer", from, to, amount, null, postings)
                                .call(() -> users.addToStat(conn, from, KudosCategory.GIFTED, -amount))
                                .call(() -> users.addToStat(conn, to, KudosCategory.RECEIVED, amount));
                    });
                }))).invoke(relay::nudge);
    }

    public Uni<KudosMoved> award(KudosAward request) {
        long amount = request.amount();
        if (amount <= 0) {
            return fail(Rc.BadRequest, "An award must be a positive amount.");
        }
        if (request.idempotencyKey() == null || request.idempotencyKey().isBlank()) {
            return fail(Rc.BadRequest, "An award needs an idempotency key, so that it is never paid twice.");
        }
        var targetId = TransferTarget.userId(request.target());
        if (targetId.isEmpty()) {
            return fail(Rc.InvalidAwardUsername, "Invalid target username.");
        }
        long to = targetId.getAsLong();
        if (to == 0) {
            return fail(Rc.KudosAwardToAnon, "Cannot award kudos to Anonymous.");
        }
        UUID eventId = eventId("award", request.byUserId(), request.idempotencyKey());
        String reason = request.reason() == null ? "" : request.reason().strip();
        String reference = "award by user:" + request.byUserId() + " -> user:" + to + " " + amount;
        return pool.withTransaction(conn -> replayOrElse(conn, eventId, reference, amount, () ->
                users.findById(conn, request.byUserId()).flatMap(awarder -> {
                    if (awarder.isEmpty() || !awarder.get().admin()) {
                        return fail(Rc.NotAllowedAwards, "This user is not allowed to Award Kudos.");
                    }
                    return ledger.lockAccounts(conn, Set.of(AccountIds.user(to), AccountIds.TREASURY))
                            .flatMap(balances -> {
                                if (!balances.containsKey(AccountIds.user(to))) {
                                    return fail(Rc.InvalidAwardUsername, "Invalid target username.");
                                }
                                List<Posting> postings = List.of(
                                        new Posting(AccountIds.user(to), amount, KudosCategory.AWARDED),
                                        new Posting(AccountIds.TREASURY, -amount, KudosCategory.AWARDED));
                                return move(conn, eventId, reference, "award", request.byUserId(), to, amount,
                                        reason.isEmpty() ? null : reason.substring(0, Math.min(200, reason.length())),
                                        postings)
                                        .call(() -> users.addToStat(conn, to, KudosCategory.AWARDED, amount));
                            });
                }))).invoke(relay::nudge);
    }

    /**
     * A request used a style its requester does not own: the requester pays, the owner earns ({@code styled}); once
     * per request, however often the gateway asks (the ledger event id derives from the request id).
     */
    public Uni<KudosMoved> styleReward(StyleReward reward) {
        long amount = reward.amount();
        if (amount <= 0 || reward.requestId() == null) {
            return fail(Rc.BadRequest, "A style reward needs a request and a positive amount.");
        }
        if (reward.ownerId() == reward.requesterId()) {
            return fail(Rc.BadRequest, "Nobody is rewarded for using their own style.");
        }
        long from = reward.requesterId();
        long to = reward.ownerId();
        UUID eventId = UUID.nameUUIDFromBytes(("style:" + reward.requestId()).getBytes(StandardCharsets.UTF_8));
        String reference = "style request:" + reward.requestId() + " user:" + from + " -> user:" + to + " " + amount;
        return pool.withTransaction(conn -> replayOrElse(conn, eventId, reference, amount, () ->
                ledger.lockAccounts(conn, Set.of(AccountIds.user(from), AccountIds.user(to), AccountIds.TREASURY))
                        .flatMap(balances -> {
                            AccountBalance requester = balances.get(AccountIds.user(from));
                            if (requester == null || !balances.containsKey(AccountIds.user(to))) {
                                return fail(Rc.UserNotFound, "The requester or the style's owner does not exist.");
                            }
                            List<Posting> postings = StyleRewardPostings.of(requester, AccountIds.user(to), amount);
                            // The ledger event is the whole record (kudos_transfers keeps people's transfers).
                            return ledger.record(conn, new LedgerEntry(eventId, "style", reference, postings))
                                    .flatMap(recorded -> recorded ? Uni.createFrom().item(new KudosMoved(amount))
                                            : replayOrElse(conn, eventId, reference, amount, () -> fail(
                                            Rc.IdempotencyKeyConflict, "This style reward is being recorded.")))
                                    .call(() -> users.addToStat(conn, from, KudosCategory.ACCUMULATED, -amount))
                                    .call(() -> users.addToStat(conn, to, KudosCategory.STYLED, amount));
                        }))).invoke(relay::nudge);
    }

    /**
     * Flagged and deleted accounts move no kudos (the AI Horde's order: a flagged source, a flagged target, a deleted
     * target, a deleted source); read with both balances locked, so a moderator's flag committed before the lock is
     * seen. Null when the transfer may go on.
     */
    private Uni<HordeException> standingRefusal(SqlConnection conn, long from, long to) {
        return users.findById(conn, from).flatMap(source -> users.findById(conn, to).map(target -> {
            if (source.isPresent() && source.get().standing().flagged()) {
                return new HordeException(Rc.SourceAccountFlagged,
                        "Your account has been flagged for suspicious activity and cannot transfer kudos. "
                                + "Please contact the mods.");
            }
            if (target.isPresent() && target.get().standing().flagged()) {
                return new HordeException(Rc.TargetAccountFlagged,
                        "The target account has been flagged for suspicious activity and transferring kudos to them "
                                + "is blocked.");
            }
            if (target.isPresent() && target.get().standing().deleted()) {
                return new HordeException(Rc.DeletedUser,
                        "This destination account has been scheduled for deletion and is disabled");
            }
            if (source.isPresent() && source.get().standing().deleted()) {
                return new HordeException(Rc.DeletedUser,
                        "This source account has been scheduled for deletion and is disabled");
            }
            return null;
        }));
    }

    /**
     * With a client key the same request may arrive twice (a retry after a timeout): the second finds its ledger event
     * and gets the first result; a different request under the same key is refused.
     */
    private Uni<KudosMoved> replayOrElse(SqlConnection conn, UUID eventId, String reference, long amount,
                                         java.util.function.Supplier<Uni<KudosMoved>> firstTime) {
        return transfers.eventReference(conn, eventId).flatMap(existing -> {
            if (existing.isEmpty()) {
                return firstTime.get();
            }
            if (existing.get().equals(reference)) {
                return Uni.createFrom().item(new KudosMoved(amount));
            }
            return fail(Rc.IdempotencyKeyConflict, "This Idempotency-Key was already used for a different request.");
        });
    }

    private Uni<KudosMoved> move(SqlConnection conn, UUID eventId, String reference, String kind, long from, long to,
                                 long amount, String reason, List<Posting> postings) {
        return ledger.record(conn, new LedgerEntry(eventId, kind, reference, postings)).flatMap(recorded -> {
            if (!recorded) {
                // A concurrent duplicate under the same key won the race; it either matches (same result) or conflicts.
                return replayOrElse(conn, eventId, reference, amount,
                        () -> fail(Rc.IdempotencyKeyConflict, "This Idempotency-Key is being used concurrently."));
            }
            return transfers.record(conn, eventId, kind, from, to, amount, reason)
                    .replaceWith(new KudosMoved(amount));
        });
    }

    private Uni<java.util.Map<String, AccountBalance>> lockBoth(SqlConnection conn, long from, long to) {
        return ledger.lockAccounts(conn, Set.of(AccountIds.user(from), AccountIds.user(to)));
    }

    private static UUID eventId(String kind, long actor, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID();
        }
        return UUID.nameUUIDFromBytes((kind + ":" + actor + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    private static <T> Uni<T> fail(Rc rc, String message) {
        return Uni.createFrom().failure(new HordeException(rc, message));
    }
}
