package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openhorde.contracts.internal.LedgerAudit;
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

    /** Σ balances = 0, every event balanced, every balance equal to its postings, every job settled at most once. */
    @GET
    @Path("/invariant")
    public Uni<LedgerAudit> invariant() {
        return ledger.audit(pool);
    }
}
