package org.openhorde.kudos.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openhorde.kudos.domain.AccountIds;

/**
 * Kudos minted and burned since the horde began, for the operator's dashboard: the treasury mints (its balance is
 * minus everything it ever issued) and the burn account keeps what taxes and fees destroyed. Read from the ledger's
 * balances rather than counted in this process, so every replica reports the same exact figure (the dashboard takes
 * their max) and a restart loses nothing. A read-only poll: safe on any number of replicas.
 */
@ApplicationScoped
public class LedgerFigures {

    private static final Logger LOG = Logger.getLogger(LedgerFigures.class);

    private final Pool pool;
    private volatile long mintedCentikudos;
    private volatile long burnedCentikudos;

    LedgerFigures(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        Gauge.builder("horde_kudos_minted", this, f -> f.mintedCentikudos / 100.0)
                .description("Kudos the treasury issued since the horde began (minus its balance)")
                .register(metrics);
        Gauge.builder("horde_kudos_burned", this, f -> f.burnedCentikudos / 100.0)
                .description("Kudos destroyed by taxes and fees since the horde began (the burn account's balance)")
                .register(metrics);
    }

    @Scheduled(every = "${horde.kudos.ledger-figures-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("select id, balance from accounts where id = any($1)")
                .execute(Tuple.of((Object) new String[] {AccountIds.TREASURY, AccountIds.BURN}))
                .invoke(rows -> {
                    for (Row row : rows) {
                        if (AccountIds.TREASURY.equals(row.getString("id"))) {
                            mintedCentikudos = -row.getLong("balance");
                        } else {
                            burnedCentikudos = row.getLong("balance");
                        }
                    }
                })
                .onFailure().invoke(e -> LOG.debugf("ledger figures not refreshed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
