package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.jobs.service.IntakeService;
import org.openhorde.jobs.service.JobLifecycle;
import org.openhorde.jobs.service.QueueSnapshots;

/** Internal API for the gateway: what a requester may do to their queued request. */
@Path("/internal/requests")
@Produces(MediaType.APPLICATION_JSON)
public class InternalRequestResource {

    private final IntakeService intake;
    private final JobLifecycle lifecycle;
    private final QueueSnapshots snapshots;

    InternalRequestResource(IntakeService intake, JobLifecycle lifecycle, QueueSnapshots snapshots) {
        this.intake = intake;
        this.lifecycle = lifecycle;
        this.snapshots = snapshots;
    }

    /**
     * Queues a request the gateway accepted (its sources already stored): 204 once the request, its jobs and its
     * {@code horde.jobs.submitted} outbox row committed, so that a pop right after finds it. Idempotent on the event
     * and on the request id: the gateway retries after a timeout with the same body.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> queue(JobSubmitted request) {
        return intake.queue(request).replaceWith(RestResponse.noContent());
    }

    /**
     * The request's queue position, wait time and whether it is possible, from the latest queue snapshot in memory;
     * {@code known: false} for an id the snapshot does not hold (never a 404: the gateway asks on every check).
     */
    @GET
    @Path("/{id}/estimate")
    public RequestEstimate estimate(@PathParam("id") String id) {
        try {
            return snapshots.estimate(UUID.fromString(id));
        } catch (IllegalArgumentException notAUuid) {
            return RequestEstimate.UNKNOWN;
        }
    }

    /** Cancels the request's waiting images (idempotent); images a worker already holds are delivered and settled. */
    @POST
    @Path("/{id}/cancel")
    public Uni<RestResponse<Void>> cancel(@PathParam("id") String id) {
        UUID requestId;
        try {
            requestId = UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            throw new HordeException(Rc.RequestNotFound, "Image Waiting Prompt with ID '" + id + "' not found.");
        }
        return lifecycle.cancel(requestId).replaceWith(RestResponse.noContent());
    }
}
