package org.openhorde.kudos.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.Topics;
import org.openhorde.contracts.events.UserChanged;
import org.openhorde.kit.outbox.OutboxRepository;
import org.openhorde.kudos.config.KudosConfig;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.ApiKeys;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;

/**
 * Makes sure the system accounts and system users exist: treasury and burn; the anonymous user (id 0, key
 * {@code 0000000000}, balance −50 for good); and, when a key is configured, the operator (id 1, admin).
 * Safe to run on every start: each step is idempotent.
 */
@ApplicationScoped
public class LedgerBootstrap {

    private static final Logger LOG = Logger.getLogger(LedgerBootstrap.class);
    private static final long ANONYMOUS_ID = 0;
    private static final long OPERATOR_ID = 1;

    private final Pool pool;
    private final UserRepository users;
    private final LedgerRepository ledger;
    private final KudosConfig config;
    private final OutboxRepository outbox;

    LedgerBootstrap(Pool pool, UserRepository users, LedgerRepository ledger, KudosConfig config,
                    OutboxRepository outbox) {
        this.pool = pool;
        this.users = users;
        this.ledger = ledger;
        this.config = config;
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent ignored) {
        bootstrap().await().indefinitely();
    }

    public Uni<Void> bootstrap() {
        String anonymousAccount = AccountIds.user(ANONYMOUS_ID);
        UUID anonymousOpening = UUID.nameUUIDFromBytes("bootstrap:anonymous".getBytes(StandardCharsets.UTF_8));
        return pool.withTransaction(conn -> ledger.ensureAccount(conn, AccountIds.TREASURY, null, null)
                .call(() -> ledger.ensureAccount(conn, AccountIds.BURN, null, null))
                .call(() -> users.upsertSystemUser(conn, ANONYMOUS_ID, "Anonymous",
                        ApiKeys.hash(config.apiKeySalt(), ApiKeys.ANONYMOUS_KEY), false, config.anonymousConcurrency()))
                .call(() -> ledger.ensureAccount(conn, anonymousAccount, ANONYMOUS_ID, config.anonymousBalance()))
                .call(() -> ledger.ensureAccount(conn, AccountIds.escrow(ANONYMOUS_ID), ANONYMOUS_ID, null))
                .call(() -> users.ensureRecords(conn, ANONYMOUS_ID))
                // Recorded once ever: the opening's id is fixed, so later starts find it on the ledger.
                .call(() -> ledger.record(conn, new LedgerEntry(anonymousOpening, "bootstrap", "anonymous opening balance",
                        List.of(new Posting(anonymousAccount, config.anonymousBalance(), KudosCategory.BOOTSTRAP),
                                new Posting(AccountIds.TREASURY, -config.anonymousBalance(), KudosCategory.BOOTSTRAP)))))
                .call(() -> config.operatorApiKey()
                        .map(key -> users.upsertSystemUser(conn, OPERATOR_ID, "operator",
                                        ApiKeys.hash(config.apiKeySalt(), key), true, config.defaultConcurrency())
                                // A new operator key: gateways must forget the old one (the relay sends it later).
                                .call(rekeyed -> rekeyed ? outbox.append(conn, Topics.USERS_CHANGED,
                                        UserChanged.of(OPERATOR_ID, UserChanged.API_KEY))
                                        : Uni.createFrom().voidItem())
                                .call(() -> ledger.ensureAccount(conn, AccountIds.user(OPERATOR_ID), OPERATOR_ID,
                                        config.registeredFloor()))
                                .call(() -> ledger.ensureAccount(conn, AccountIds.escrow(OPERATOR_ID), OPERATOR_ID,
                                        null))
                                .call(() -> users.ensureRecords(conn, OPERATOR_ID))
                                .replaceWithVoid())
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .replaceWithVoid())
                .invoke(() -> LOG.infof("ledger ready (operator account %s)",
                        config.operatorApiKey().isPresent() ? "enabled" : "disabled"));
    }
}
