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
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.IssuedApiKey;
import org.openhorde.contracts.internal.UserAccount;
import org.openhorde.contracts.internal.UserCreation;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kudos.config.KudosConfig;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.ApiKeys;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.domain.Usernames;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;
import org.openhorde.kudos.repository.UserRow;


/** Accounts: registration, operator-created users, API key authentication and the user's view of their kudos. */
@ApplicationScoped
public class UserService {

    /** The AI Horde's page size for {@code GET /users}. */
    public static final int USERS_PER_PAGE = 25;

    private final Pool pool;
    private final UserRepository users;
    private final LedgerRepository ledger;
    private final KudosConfig config;
    private final OutboxRelay relay;

    UserService(Pool pool, UserRepository users, LedgerRepository ledger, KudosConfig config, OutboxRelay relay) {
        this.pool = pool;
        this.users = users;
        this.ledger = ledger;
        this.config = config;
        this.relay = relay;
    }

    public Uni<UserAccount> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 100) {
            return Uni.createFrom().failure(unknownKey());
        }
        return users.findByKeyHash(pool, ApiKeys.hash(config.apiKeySalt(), apiKey))
                .flatMap(found -> found.map(row -> account(pool, row))
                        .orElseGet(() -> Uni.createFrom().failure(unknownKey())));
    }

    public Uni<UserAccount> get(long id) {
        return users.findById(pool, id)
                .flatMap(found -> found.map(row -> account(pool, row))
                        .orElseGet(() -> Uni.createFrom().failure(
                                new HordeException(Rc.UserNotFound, "User with ID '" + id + "' not found."))));
    }

    /** A page of 25 users, sorted as the AI Horde sorts them: {@code kudos} (default) or {@code age}. */
    public Uni<List<UserAccount>> page(String sort, int page) {
        int pageNumber = Math.max(1, page);
        if (pageNumber > 10_000) {
            return Uni.createFrom().item(List.of());
        }
        boolean byAge = "age".equals(sort);
        return users.page(pool, byAge, (pageNumber - 1) * USERS_PER_PAGE, USERS_PER_PAGE)
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(List.<UserAccount>of())
                        : Uni.join().all(rows.stream().map(row -> account(pool, row)).toList()).andFailFast());
    }

    /** A pseudonymous self-registration: no starting kudos, untrusted. */
    public Uni<IssuedApiKey> register(String username) {
        return create(username, 0, false, false, null, config.defaultConcurrency());
    }

    /** An operator creates a user; starting kudos are minted from the treasury under {@code admin}. */
    public Uni<IssuedApiKey> create(UserCreation creation) {
        if (creation.kudos() < 0) {
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, "kudos must not be negative"));
        }
        if (creation.concurrency() != null && creation.concurrency() < 1) {
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, "concurrency must be at least 1"));
        }
        return create(creation.username(), creation.kudos(), creation.trusted(), creation.moderator(),
                creation.createdByUserId(),
                creation.concurrency() == null ? config.defaultConcurrency() : creation.concurrency());
    }

    private Uni<IssuedApiKey> create(String username, long startingKudos, boolean trusted, boolean moderator,
                                     Long createdBy, int concurrency) {
        var problem = Usernames.problem(username);
        if (problem.isPresent()) {
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, problem.get()));
        }
        String apiKey = ApiKeys.generate();
        String hash = ApiKeys.hash(config.apiKeySalt(), apiKey);
        return pool.withTransaction(conn -> users.insert(conn, username.strip(), hash, trusted, moderator,
                        concurrency)
                .call(id -> ledger.ensureAccount(conn, AccountIds.user(id), id, config.registeredFloor()))
                .call(id -> ledger.ensureAccount(conn, AccountIds.escrow(id), id, null))
                .call(id -> users.ensureRecords(conn, id))
                .call(id -> startingKudos == 0 ? Uni.createFrom().voidItem()
                        : mint(conn, id, startingKudos, "user:" + id + " created by user:" + createdBy))
                .map(id -> new IssuedApiKey(id, username.strip() + "#" + id, apiKey, startingKudos)))
                .invoke(() -> {
                    if (startingKudos != 0) {
                        relay.nudge();
                    }
                });
    }

    private Uni<Void> mint(SqlClient conn, long userId, long amount, String reference) {
        UUID eventId = UUID.randomUUID();
        List<Posting> postings = List.of(
                new Posting(AccountIds.user(userId), amount, KudosCategory.ADMIN),
                new Posting(AccountIds.TREASURY, -amount, KudosCategory.ADMIN));
        // The treasury's row is locked by every settlement and award, always in account id order (lockAccounts):
        // recording without taking the same locks in the same order first could lock the user's row before the
        // treasury's while a settlement holds the treasury and waits for the user's, a deadlock.
        return ledger.lockAccounts(conn, Set.of(AccountIds.user(userId), AccountIds.TREASURY))
                .chain(() -> ledger.record(conn, new LedgerEntry(eventId, "admin_grant", reference, postings)))
                .call(() -> users.addToStat(conn, userId, KudosCategory.ADMIN, amount))
                .replaceWithVoid();
    }

    private Uni<UserAccount> account(SqlClient client, UserRow row) {
        return users.stats(client, row.id())
                .flatMap(stats -> users.records(client, row.id()).map(records -> {
                    Map<String, Long> details = new LinkedHashMap<>();
                    for (String category : KudosCategory.PUBLIC_DETAILS) {
                        details.put(category, stats.getOrDefault(category, 0L));
                    }
                    boolean anonymous = row.id() == 0;
                    return new UserAccount(row.id(), row.username(), anonymous, row.pseudonymous(), row.trusted(),
                            row.moderator(), row.admin(), row.balance(), row.concurrency(), details, records,
                            row.createdAt(), row.evaluatingKudos(), row.standing());
                }));
    }

    private static HordeException unknownKey() {
        return new HordeException(Rc.InvalidAPIKey, "No user matching sent API Key. Have you remembered to register?");
    }
}
