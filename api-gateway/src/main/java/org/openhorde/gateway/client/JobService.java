package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.contracts.internal.WorkerSummary;

/** job-service's internal API: the queue, the jobs and the workers. */
@RegisterRestClient(configKey = JobService.NAME)
@Path("/internal")
public interface JobService {

    String NAME = "job-service";

    @POST
    @Path("/pop")
    Uni<PopResult> pop(WorkerPop pop);

    @POST
    @Path("/submit")
    Uni<SubmissionResult> submit(JobSubmission submission);

    @GET
    @Path("/requests/{id}/estimate")
    Uni<RequestEstimate> estimate(@PathParam("id") String requestId);

    @GET
    @Path("/status/queue")
    Uni<HordeQueueStatus> queueStatus();

    @GET
    @Path("/status/images")
    Uni<ImageStats> imageStats();

    @GET
    @Path("/workers")
    Uni<List<WorkerSummary>> workers(@QueryParam("ownerUserId") long ownerUserId);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
