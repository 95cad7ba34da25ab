package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.KudosAward;
import org.openhorde.contracts.internal.KudosMoved;
import org.openhorde.contracts.internal.KudosTransfer;
import org.openhorde.contracts.internal.LedgerAudit;
import org.openhorde.contracts.internal.StyleReward;
import org.openhorde.contracts.internal.WorkerKudos;

/** kudos-service's internal API for kudos moved by people, what workers earned, and the ledger audit (same service as {@link KudosService}). */
@RegisterRestClient(configKey = KudosService.NAME)
@Path("/internal")
public interface KudosLedger {

    @POST
    @Path("/kudos/transfers")
    Uni<KudosMoved> transfer(KudosTransfer transfer);

    @POST
    @Path("/kudos/awards")
    Uni<KudosMoved> award(KudosAward award);

    /** The requester of a request that used someone else's style pays its owner; once per request. */
    @POST
    @Path("/kudos/style-rewards")
    Uni<KudosMoved> styleReward(StyleReward reward);

    @GET
    @Path("/ledger/invariant")
    Uni<LedgerAudit> audit();

    /** What a worker earned for its owner (zeros for a worker that never earned). */
    @GET
    @Path("/workers/{id}/kudos")
    Uni<WorkerKudos> workerKudos(@PathParam("id") UUID id);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(KudosService.NAME, response);
    }
}
