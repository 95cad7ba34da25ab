package org.openhorde.interrogations.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.InterrogationFigures;
import org.openhorde.contracts.internal.InterrogationIntake;
import org.openhorde.contracts.internal.InterrogationPop;
import org.openhorde.contracts.internal.InterrogationPopped;
import org.openhorde.contracts.internal.InterrogationReward;
import org.openhorde.contracts.internal.InterrogationStatus;
import org.openhorde.contracts.internal.InterrogationSubmission;
import org.openhorde.interrogations.service.Interrogations;

/** The gateway's way in: intake, status, cancel, and the worker side. */
@Path("/internal/interrogations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalInterrogationResource {

    private final Interrogations interrogations;

    InternalInterrogationResource(Interrogations interrogations) {
        this.interrogations = interrogations;
    }

    /** Commits the interrogation, its forms and its event; answers its status (cached forms already done). */
    @POST
    public Uni<InterrogationStatus> accept(InterrogationIntake intake) {
        return interrogations.accept(intake);
    }

    @GET
    @Path("/{id}")
    public Uni<InterrogationStatus> status(@PathParam("id") String id) {
        return interrogations.status(uuid(id));
    }

    @DELETE
    @Path("/{id}")
    public Uni<InterrogationStatus> cancel(@PathParam("id") String id) {
        return interrogations.cancel(uuid(id));
    }

    @POST
    @Path("/pop")
    public Uni<InterrogationPopped> pop(InterrogationPop pop) {
        return interrogations.pop(pop);
    }

    @POST
    @Path("/submit")
    public Uni<InterrogationReward> submit(InterrogationSubmission submission) {
        return interrogations.submit(submission);
    }

    @GET
    @Path("/figures")
    public Uni<InterrogationFigures> figures() {
        return interrogations.figures();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new HordeException(Rc.RequestNotFound, "Interrogation with ID '" + id + "' not found.");
        }
    }
}
