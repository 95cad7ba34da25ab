package org.openhorde.kudos.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.SharedKeyGrant;
import org.openhorde.contracts.internal.SharedKeyInput;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.kudos.domain.SharedKeyRules;
import org.openhorde.kudos.repository.SharedKeyRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRow;

/**
 * Shared keys (AI Horde {@code /sharedkeys}): created, changed and deleted by their owner only; a change or deletion
 * appends a {@code UserChanged} for the owner so that every gateway forgets the key it may have cached. What a
 * request made with a key costs is counted against it when the job is settled ({@link #countUsage}).
 */
@ApplicationScoped
public class SharedKeyService {

    private final Pool pool;
    private final SharedKeyRepository keys;
    private final UserRepository users;
    private final UserService accounts;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;

    SharedKeyService(Pool pool, SharedKeyRepository keys, UserRepository users, UserService accounts,
                     OutboxRepository outbox, OutboxRelay relay) {
        this.pool = pool;
        this.keys = keys;
        this.users = users;
        this.accounts = accounts;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<SharedKeyDetails> create(SharedKeyInput input) {
        SharedKeyRules.check(input);
        UUID id = UUID.randomUUID();
        return pool.withTransaction(conn -> users.findById(conn, input.actorUserId()).flatMap(found -> {
            UserRow owner = found.orElseThrow(SharedKeyService::invalidApiKey);
            if (owner.id() == 0) {
                throw new HordeException(Rc.AnonForbidden, "Anonymous user is forbidden from performing this"
                        + " operation");
            }
            // Serialises two creations of one owner, so both cannot slip under the cap.
            return conn.preparedQuery("select pg_advisory_xact_lock(hashtext('shared-keys'), $1::int)")
                    .execute(Tuple.of((int) owner.id()))
                    .chain(() -> keys.idsOf(conn, owner.id()))
                    .flatMap(held -> {
                        int max = SharedKeyRules.maxKeys(owner.trusted(), owner.standing().education());
                        if (held.size() >= max) {
                            throw new HordeException(Rc.Forbidden,
                                    "You cannot have more than " + max + " shared keys.");
                        }
                        long kudos = input.kudos() == null ? SharedKeyRules.DEFAULT_KUDOS : input.kudos();
                        return keys.insert(conn, id, owner.id(), input.name() == null ? null : input.name().strip(),
                                centikudos(kudos), expiry(input.expiryDays() == null ? -1 : input.expiryDays()),
                                orNoLimit(input.maxImagePixels()), orNoLimit(input.maxImageSteps()),
                                orNoLimit(input.maxTextTokens()));
                    });
        })).chain(() -> get(id));
    }

    /** 401 {@code InvalidAPIKey} ("No user matching sent Shared Key.") for an unknown key, as the AI Horde. */
    public Uni<SharedKeyDetails> get(UUID id) {
        return keys.find(pool, id).map(found -> found.orElseThrow(SharedKeyService::unknownSharedKey));
    }

    public Uni<List<UUID>> idsOf(long ownerUserId) {
        return keys.idsOf(pool, ownerUserId);
    }

    /** The key sent as {@code apikey}, with its owner's account: the gateway judges whether it may be used now. */
    public Uni<SharedKeyGrant> authenticate(UUID id) {
        return get(id).flatMap(key -> accounts.get(key.ownerUserId()).map(owner -> new SharedKeyGrant(key, owner)));
    }

    public Uni<SharedKeyDetails> change(UUID id, SharedKeyInput input) {
        SharedKeyRules.check(input);
        return pool.withTransaction(conn -> keys.lock(conn, id).flatMap(found -> {
            SharedKeyDetails key = found.orElseThrow(SharedKeyService::unknownSharedKey);
            requireOwner(key, input.actorUserId());
            if (input.kudos() == null && input.expiryDays() == null && input.name() == null
                    && input.maxImagePixels() == null && input.maxImageSteps() == null
                    && input.maxTextTokens() == null) {
                throw new HordeException(Rc.NoSharedKeyModSelected, "No shared key modification selected!");
            }
            return keys.modify(conn, id, input.name() == null ? null : input.name().strip(),
                            input.kudos() == null ? null : centikudos(input.kudos()), input.expiryDays() != null,
                            input.expiryDays() == null ? null : expiry(input.expiryDays()), input.maxImagePixels(),
                            input.maxImageSteps(), input.maxTextTokens())
                    .call(() -> announce(conn, key.ownerUserId()));
        })).invoke(relay::nudge).chain(() -> get(id));
    }

    public Uni<Void> delete(UUID id, long actorUserId) {
        return pool.withTransaction(conn -> keys.lock(conn, id).flatMap(found -> {
            SharedKeyDetails key = found.orElseThrow(SharedKeyService::unknownSharedKey);
            requireOwner(key, actorUserId);
            return keys.delete(conn, id).call(() -> announce(conn, key.ownerUserId()));
        })).invoke(relay::nudge);
    }

    /**
     * Counts a settled job's cost against the key it was requested with, in the settlement's transaction and once
     * per ledger event. A key that runs out is announced, so gateways stop accepting it at once.
     *
     * @return whether the transaction appended an event (the caller nudges the relay after commit)
     */
    public Uni<Boolean> countUsage(SqlClient conn, UUID ledgerEventId, UUID keyId, long cost) {
        return keys.recordUsage(conn, ledgerEventId, keyId, cost).flatMap(fresh -> !fresh
                ? Uni.createFrom().item(false)
                : keys.lock(conn, keyId).flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    SharedKeyDetails key = found.get();
                    long remaining = SharedKeyRules.remainingAfter(key.kudos(), cost);
                    boolean ranOut = key.kudos() > 0 && remaining == 0;
                    return keys.setBudget(conn, keyId, remaining, SharedKeyRules.utilizedBy(key.kudos(), cost))
                            .chain(() -> ranOut ? announce(conn, key.ownerUserId()).replaceWith(true)
                                    : Uni.createFrom().item(false));
                }));
    }

    private Uni<Void> announce(SqlClient conn, long ownerUserId) {
        return outbox.append(conn, Topics.USERS_CHANGED, UserChanged.of(ownerUserId, UserChanged.SHARED_KEY));
    }

    private static void requireOwner(SharedKeyDetails key, long actorUserId) {
        if (key.ownerUserId() != actorUserId) {
            throw new HordeException(Rc.Forbidden, "Shared Key " + key.id() + " belongs to " + key.ownerAlias()
                    + " and not to you.");
        }
    }

    private static long centikudos(long wholeKudos) {
        return wholeKudos == -1 ? -1 : Centikudos.ofKudos(wholeKudos);
    }

    private static int orNoLimit(Integer limit) {
        return limit == null ? -1 : limit;
    }

    private static OffsetDateTime expiry(int days) {
        return days == -1 ? null : Instant.now().plus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
    }

    private static HordeException unknownSharedKey() {
        return new HordeException(Rc.InvalidAPIKey, "No user matching sent Shared Key.");
    }

    private static HordeException invalidApiKey() {
        return new HordeException(Rc.InvalidAPIKey, "No user matching sent API Key.");
    }
}
