package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "Kudos transferred",
            content = @Content(schema = @Schema(implementation = Transferred.class),
                    examples = @ExampleObject(name = "Kudos transferred",
                            value = "{\"transferred\": 100}")))
    @APIResponse(responseCode = "400", description = "Validation error (username 1 to 100 characters, a whole amount"
            + " of at most 1000000000, an Idempotency-Key of 1 to 100 printable characters), or a transfer"
            + " kudos-service refuses (negative, zero, from or to the anonymous user, to oneself, to nobody, more"
            + " than the sender has, too fast, a flagged account, the key reused for another transfer); rc:"
            + " BadRequest, NegativeKudosTransfer, InvalidKudosTransferAmount, KudosTransferFromAnon,"
            + " KudosTransferToAnon, KudosTransferToSelf, InvalidTargetUsername, KudosTransferNotEnough,"
            + " TooFastKudosTransfers, SourceAccountFlagged, TargetAccountFlagged, IdempotencyKeyConflict",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "The sender or the receiver is deleted; rc: DeletedUser",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
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
    @APIResponse(responseCode = "200", description = "Kudos awarded",
            content = @Content(schema = @Schema(implementation = Awarded.class),
                    examples = @ExampleObject(name = "Kudos awarded",
                            value = "{\"awarded\": 1000}")))
    @APIResponse(responseCode = "400", description = "Validation error (username 1 to 100 characters, a whole amount"
            + " of at most 1000000000, an Idempotency-Key of 1 to 100 printable characters), or an award"
            + " kudos-service refuses (not positive, to nobody, to the anonymous user, the key reused for another"
            + " award); rc: BadRequest, InvalidAwardUsername, KudosAwardToAnon, IdempotencyKeyConflict",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the operator; rc: NotAllowedAwards",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
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
    @Schema(description = "The kudos ledger's audit.")
    public record LedgerReport(
            @Schema(description = "Whether every check below holds.")
            boolean holds,
            @Schema(description = "The sum of every account's balance, treasury and escrow included: 0 when it holds.")
            double totalBalance,
            @Schema(description = "Ledger events whose postings do not sum to 0.")
            long unbalancedEvents,
            @Schema(description = "Accounts whose balance differs from the sum of their postings.")
            long driftedAccounts,
            @Schema(description = "Completed jobs settled.")
            long settledJobs,
            @Schema(description = "Distinct completed jobs settled; equal to settled_jobs when it holds.")
            long distinctSettledJobs,
            @Schema(description = "Jobs settled more than once: 0 when it holds.")
            long duplicateSettlements,
            @Schema(description = "Ledger events recorded.")
            long ledgerEvents,
            @Schema(description = "Postings recorded.")
            long postings,
            @Schema(description = "Kudos held in escrow for requests not settled yet.")
            double escrowHeld,
            @Schema(description = "Ledger events not yet published to the other services.")
            long unpublishedEvents) {

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
    @APIResponse(responseCode = "200", description = "The ledger's audit",
            content = @Content(schema = @Schema(implementation = LedgerReport.class),
                    examples = @ExampleObject(name = "The ledger's audit",
                            value = "{\"holds\": true, \"total_balance\": 0.0, \"unbalanced_events\": 0,"
                            + " \"drifted_accounts\": 0, \"settled_jobs\": 15230,"
                            + " \"distinct_settled_jobs\": 15230, \"duplicate_settlements\": 0,"
                            + " \"ledger_events\": 48211, \"postings\": 96422, \"escrow_held\": 1520.75,"
                            + " \"unpublished_events\": 0}")))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the operator; rc: NotAdmin",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<LedgerReport> ledger(@RestHeader("apikey") String apikey) {
        return kudos.audit(apikey).map(LedgerReport::of);
    }
}
