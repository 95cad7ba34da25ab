package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openhorde.kudos.repository.LedgerInvariant;
import org.openhorde.kudos.repository.LedgerRepository;

/** Operator view of the ledger's health. */
@Path("/internal/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final Pool pool;
    private final LedgerRepository ledger;

    LedgerResource(Pool pool, LedgerRepository ledger) {
        this.pool = pool;
        this.ledger = ledger;
    }

    /** Σ balances = 0, every event balanced, every balance equal to its postings. */
    @GET
    @Path("/invariant")
    public Uni<InvariantReport> invariant() {
        return ledger.invariant(pool).map(InvariantReport::of);
    }

    public record InvariantReport(boolean holds, long totalBalance, long unbalancedEvents, long driftedAccounts,
                                  long settledJobs, long postings) {
        static InvariantReport of(LedgerInvariant invariant) {
            return new InvariantReport(invariant.holds(), invariant.totalBalance(), invariant.unbalancedEvents(),
                    invariant.driftedAccounts(), invariant.settledJobs(), invariant.postings());
        }
    }
}
