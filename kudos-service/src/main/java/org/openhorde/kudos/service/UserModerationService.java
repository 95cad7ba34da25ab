package org.openhorde.kudos.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.contracts.internal.UserModification;
import org.openhorde.contracts.internal.UserModified;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.domain.UserModificationRules;
import org.openhorde.kudos.domain.UserModificationRules.Actor;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRepository.UserColumn;
import org.openhorde.kudos.repository.UserRow;

/**
 * Moderation of users: the AI Horde's {@code PUT /users/{id}} and {@code DELETE /users/{id}}. Each call is one
 * transaction that locks the user's row, applies every selected change, posts a kudos adjustment to the ledger (an
 * {@code admin_adjustment} against the treasury, so the ledger still sums to zero and the auditor sees who moved
 * what), and appends one {@code UserChanged} to the outbox so every gateway drops what it cached about the user.
 */
@ApplicationScoped
public class UserModerationService {

    private static final Logger LOG = Logger.getLogger(UserModerationService.class);

    private final Pool pool;
    private final UserRepository users;
    private final LedgerRepository ledger;
    private final TrustService trust;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;

    UserModerationService(Pool pool, UserRepository users, LedgerRepository ledger, TrustService trust,
                          OutboxRepository outbox, OutboxRelay relay) {
        this.pool = pool;
        this.users = users;
        this.ledger = ledger;
        this.trust = trust;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<UserModified> modify(long targetId, UserModification change) {
        return pool.withTransaction(conn -> users.lockById(conn, targetId).flatMap(found -> {
                    UserRow target = found.orElseThrow(() -> notFound(targetId));
                    return actor(conn, change.byUserId()).flatMap(actor -> {
                        UserModificationRules.refusal(change, actor, targetId).ifPresent(refusal -> {
                            throw refusal;
                        });
                        if (Boolean.TRUE.equals(change.undelete()) && !target.standing().deleted()) {
                            throw new HordeException(Rc.UserNotDeleted, "User is not deleted, cannot undelete!");
                        }
                        return apply(conn, target, change);
                    });
                }))
                .invoke(changed -> {
                    relay.nudge();
                    LOG.infof("user:%d modified by user:%d: %s", targetId, change.byUserId(), changed.changes());
                });
    }

    /** Marks a user deleted (hidden, disabled); a deleted user stays deleted: the ledger that names them is kept. */
    public Uni<Void> delete(long targetId, long byUserId) {
        return pool.withTransaction(conn -> users.lockById(conn, targetId).flatMap(found -> {
                    UserRow target = found.orElseThrow(() -> notFound(targetId));
                    return actor(conn, byUserId).flatMap(actor -> {
                        if (actor.id() == 0) {
                            throw new HordeException(Rc.AnonForbiddenUser, "Anonymous cannot delete users.");
                        }
                        if (targetId == 0) {
                            // The AI Horde lets a moderator delete its Anonymous account; here that would refuse
                            // every anonymous request and pop from then on (decision 0036).
                            throw new HordeException(Rc.AnonForbiddenUser, "The Anonymous account cannot be deleted.");
                        }
                        if (target.moderator() || target.admin()) {
                            throw new HordeException(Rc.CannotDeleteMod,
                                    "You cannot delete a user that is a moderator. Please contact an admin.");
                        }
                        if (!actor.moderator() && !actor.admin() && actor.id() != targetId) {
                            throw new HordeException(Rc.NotUserOrMod,
                                    "Only the user themselves or a moderator can delete a user");
                        }
                        if (target.standing().deleted()) {
                            return Uni.createFrom().voidItem();
                        }
                        return users.set(conn, targetId, UserColumn.DELETED, true)
                                .call(() -> announce(conn, targetId, UserChanged.DELETED));
                    });
                }))
                .invoke(() -> {
                    relay.nudge();
                    LOG.infof("user:%d marked deleted by user:%d", targetId, byUserId);
                });
    }

    private Uni<UserModified> apply(SqlClient conn, UserRow target, UserModification change) {
        long id = target.id();
        boolean anonymous = id == 0;
        Map<String, Object> changed = new LinkedHashMap<>();
        Uni<Void> steps = Uni.createFrom().voidItem();
        // the operator's fields
        if (change.kudos() != null) {
            long amount = Centikudos.ofKudos(change.kudos());
            steps = steps.call(() -> adjustKudos(conn, id, amount, change.byUserId()))
                    .call(() -> users.findById(conn, id).invoke(after -> changed.put("new_kudos",
                            Centikudos.toWireKudos(after.orElseThrow().balance()))).replaceWithVoid());
        }
        if (change.usageMultiplier() != null) {
            steps = set(steps, conn, id, UserColumn.USAGE_MULTIPLIER, change.usageMultiplier(), changed,
                    "usage_multiplier");
        }
        if (change.moderator() != null) {
            boolean moderator = change.moderator() && !anonymous;
            steps = set(steps, conn, id, UserColumn.MODERATOR, moderator, changed, "moderator");
            if (moderator && !target.trusted()) {
                // the AI Horde trusts whoever it makes a moderator
                steps = steps.call(() -> trust.setTrusted(conn, id, true, change.byUserId()));
            }
        }
        // the moderators' fields
        Integer concurrency = change.concurrency() != null ? change.concurrency()
                : UserModificationRules.concurrencyForEducation(change, target.concurrency()).orElse(null);
        if (concurrency != null) {
            steps = set(steps, conn, id, UserColumn.CONCURRENCY, concurrency, changed, "concurrency");
        }
        if (change.workerInvited() != null) {
            steps = set(steps, conn, id, UserColumn.WORKER_INVITED, change.workerInvited(), changed, "worker_invited");
        }
        if (change.trusted() != null) {
            boolean trusted = change.trusted() && !anonymous;
            steps = steps.call(() -> trust.setTrusted(conn, id, trusted, change.byUserId()));
            changed.put("trusted", trusted);
        }
        steps = flag(steps, conn, target, UserColumn.FLAGGED, change.flagged(), changed, "flagged");
        steps = flag(steps, conn, target, UserColumn.CUSTOMIZER, change.customizer(), changed, "customizer");
        steps = flag(steps, conn, target, UserColumn.VPN, change.vpn(), changed, "vpn");
        steps = flag(steps, conn, target, UserColumn.SERVICE, change.service(), changed, "service");
        steps = flag(steps, conn, target, UserColumn.EDUCATION, change.education(), changed, "education");
        steps = flag(steps, conn, target, UserColumn.SPECIAL, change.special(), changed, "special");
        // the user's own fields
        steps = flag(steps, conn, target, UserColumn.PUBLIC_WORKERS, change.publicWorkers(), changed,
                "public_workers");
        if (change.username() != null) {
            steps = set(steps, conn, id, UserColumn.USERNAME, change.username().strip(), changed, "username");
        }
        if (change.contact() != null) {
            steps = set(steps, conn, id, UserColumn.CONTACT, change.contact().strip(), changed, "contact");
        }
        if (change.undelete() != null) {
            steps = steps.call(() -> users.set(conn, id, UserColumn.DELETED, false));
            changed.put("undeleted", true);
        }
        String what = change.trusted() != null || change.moderator() != null ? UserChanged.TRUST : UserChanged.LIMITS;
        return steps.call(() -> announce(conn, id, what)).map(done -> new UserModified(changed));
    }

    /** A boolean flag; the anonymous user's flags never change (the AI Horde ignores them), and say so. */
    private Uni<Void> flag(Uni<Void> steps, SqlClient conn, UserRow target, UserColumn column, Boolean value,
                           Map<String, Object> changed, String wireName) {
        if (value == null) {
            return steps;
        }
        if (target.id() == 0) {
            changed.put(wireName, false);
            return steps;
        }
        return set(steps, conn, target.id(), column, value, changed, wireName);
    }

    private Uni<Void> set(Uni<Void> steps, SqlClient conn, long id, UserColumn column, Object value,
                          Map<String, Object> changed, String wireName) {
        changed.put(wireName, value);
        return steps.call(() -> users.set(conn, id, column, value));
    }

    /** An operator's kudos adjustment: minted from (or returned to) the treasury, under kudos_details.admin. */
    private Uni<Void> adjustKudos(SqlClient conn, long userId, long amount, long byUserId) {
        if (amount == 0) {
            return Uni.createFrom().voidItem();
        }
        List<Posting> postings = List.of(
                new Posting(AccountIds.user(userId), amount, KudosCategory.ADMIN),
                new Posting(AccountIds.TREASURY, -amount, KudosCategory.ADMIN));
        String reference = "admin adjustment user:" + userId + " by user:" + byUserId + " " + amount;
        // In account id order first, as every settlement and award locks them (see UserService's grant).
        return ledger.lockAccounts(conn, Set.of(AccountIds.user(userId), AccountIds.TREASURY))
                .chain(() -> ledger.record(conn, new LedgerEntry(UUID.randomUUID(), "admin_adjustment", reference,
                        postings)))
                .call(() -> users.addToStat(conn, userId, KudosCategory.ADMIN, amount))
                .replaceWithVoid();
    }

    private Uni<Actor> actor(SqlClient conn, long actorId) {
        return users.findById(conn, actorId).map(found -> found
                .map(row -> new Actor(row.id(), row.admin(), row.moderator()))
                .orElseThrow(() -> new HordeException(Rc.InvalidAPIKey, "No user matching sent API Key.")));
    }

    private Uni<Void> announce(SqlClient conn, long userId, String change) {
        return outbox.append(conn, Topics.USERS_CHANGED, UserChanged.of(userId, change));
    }

    private static HordeException notFound(long id) {
        return new HordeException(Rc.UserNotFound, "User with ID '" + id + "' not found.");
    }

}
