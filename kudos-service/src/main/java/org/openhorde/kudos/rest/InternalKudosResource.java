package org.openhorde.kudos.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.KudosAward;
import org.openhorde.contracts.internal.KudosMoved;
import org.openhorde.contracts.internal.KudosTransfer;
import org.openhorde.contracts.internal.StyleReward;
import org.openhorde.kit.rest.InputLimits;
import org.openhorde.kudos.service.TransferService;

/** Internal API for the gateway: kudos moved by people. */
@Path("/internal/kudos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalKudosResource {

    private final TransferService transfers;

    InternalKudosResource(TransferService transfers) {
        this.transfers = transfers;
    }

    @POST
    @Path("/transfers")
    public Uni<KudosMoved> transfer(KudosTransfer transfer) {
        if (transfer == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        InputLimits.requireAtMost("target", transfer.target(), InputLimits.USER_ALIAS);
        InputLimits.requireAtMost("idempotencyKey", transfer.idempotencyKey(), InputLimits.TOKEN);
        return transfers.transfer(transfer);
    }

    @POST
    @Path("/awards")
    public Uni<KudosMoved> award(KudosAward award) {
        if (award == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        InputLimits.requireAtMost("target", award.target(), InputLimits.USER_ALIAS);
        InputLimits.requireAtMost("idempotencyKey", award.idempotencyKey(), InputLimits.TOKEN);
        return transfers.award(award);
    }

    /** The requester of a request that used someone else's style pays its owner (once per request). */
    @POST
    @Path("/style-rewards")
    public Uni<KudosMoved> styleReward(StyleReward reward) {
        if (reward == null) {
            throw new HordeException(Rc.BadRequest, "A JSON body is required");
        }
        return transfers.styleReward(reward);
    }
}
