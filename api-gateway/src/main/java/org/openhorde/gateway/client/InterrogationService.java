package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.InterrogationFigures;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.contracts.internal.InterrogationPop;
import org.openhorde.contracts.internal.InterrogationPopped;
import org.openhorde.contracts.internal.InterrogationReward;
import org.openhorde.contracts.internal.InterrogationStatus;
import org.openhorde.contracts.internal.InterrogationSubmission;

/** interrogation-service's internal API. */
@RegisterRestClient(configKey = InterrogationService.NAME)
@Path("/internal/interrogations")
public interface InterrogationService {

    String NAME = "interrogation-service";

    /** Commits the interrogation with its forms and its event; when this answers, it is in the queue. */
    @POST
    Uni<InterrogationStatus> accept(InterrogationIntake intake);

    @GET
    @Path("/{id}")
    Uni<InterrogationStatus> status(@PathParam("id") UUID id);

    @DELETE
    @Path("/{id}")
    Uni<InterrogationStatus> cancel(@PathParam("id") UUID id);

    @POST
    @Path("/pop")
    Uni<InterrogationPopped> pop(InterrogationPop pop);

    @POST
    @Path("/submit")
    Uni<InterrogationReward> submit(InterrogationSubmission submission);

    @GET
    @Path("/figures")
    Uni<InterrogationFigures> figures();

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
