package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.LedgerAudit;
import org.openhorde.gateway.domain.KudosInput;
import org.openhorde.gateway.service.KudosExchange;

/** Kudos between users ({@code /kudos/transfer}), awards by privileged accounts, and the operator's ledger audit. */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "kudos", description = "Kudos transfers and awards")
public class KudosResource {

    private final KudosExchange kudos;

    KudosResource(KudosExchange kudos) {
        this.kudos = kudos;
    }

    /** The AI Horde's {@code KudosTransferred}. */
    @Schema(description = "The kudos moved.")
    public record Transferred(
            @Schema(description = "The kudos transferred.")
            int transferred) {
    }

    /** The AI Horde's {@code KudosAwarded}. */
    @Schema(description = "The kudos awarded.")
    public record Awarded(
            @Schema(description = "The kudos awarded.")
            int awarded) {
    }

    /**
     * Gives kudos to another user. With an {@code Idempotency-Key}, a retried request moves the kudos once and gets
     * the same answer; the same key for a different request is {@code IdempotencyKeyConflict}.
     */
    @POST
    @Path("/kudos/transfer")
    @RateLimited(LimitedRoute.KUDOS_TRANSFER)
    @Operation(operationId = "post_transfer_kudos", summary = "Transfer kudos to another registered user",
            description = "From the key's user to the username#id given; an Idempotency-Key header makes retries safe.")
    public Uni<Transferred> transfer(KudosInput input, @RestHeader("apikey") String apikey,
                                     @RestHeader("Idempotency-Key") String idempotencyKey) {
        KudosInput.Checked request = KudosInput.check(input, idempotencyKey);
        return kudos.transfer(apikey, request).map(Transferred::new);
    }

    /** Awards kudos minted from the treasury; only administrators may. */
    @POST
    @Path("/kudos/award")
    @Operation(operationId = "post_award_kudos", summary = "Award kudos to a registered user",
            description = "Only the operator (user 1) may award kudos, minted from the treasury.")
    public Uni<Awarded> award(KudosInput input, @RestHeader("apikey") String apikey,
                              @RestHeader("Idempotency-Key") String idempotencyKey) {
        KudosInput.Checked request = KudosInput.check(input, idempotencyKey);
        return kudos.award(apikey, request).map(Awarded::new);
    }

    /**
     * The ledger's health for the operator: Σ balances = 0, every event balanced, every balance equal to its
     * postings, every completed job settled exactly once. Amounts are kudos, as everywhere on the public wire.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LedgerReport(boolean holds, double totalBalance, long unbalancedEvents, long driftedAccounts,
                               long settledJobs, long distinctSettledJobs, long duplicateSettlements,
                               long ledgerEvents, long postings, double escrowHeld, long unpublishedEvents) {

        static LedgerReport of(LedgerAudit audit) {
            return new LedgerReport(audit.holds(), Centikudos.toWireKudos(audit.totalBalance()),
                    audit.unbalancedEvents(), audit.driftedAccounts(), audit.settledJobs(),
                    audit.distinctSettledJobs(), audit.duplicateSettlements(), audit.ledgerEvents(), audit.postings(),
                    Centikudos.toWireKudos(audit.escrowHeld()), audit.unpublishedEvents());
        }
    }

    @GET
    @Path("/operator/ledger")
    @Operation(operationId = "get_operator_ledger", summary = "The kudos ledger's audit (operator only)",
            description = "Whether the ledger sums to zero and every completed job was settled once.")
    public Uni<LedgerReport> ledger(@RestHeader("apikey") String apikey) {
        return kudos.audit(apikey).map(LedgerReport::of);
    }
}
