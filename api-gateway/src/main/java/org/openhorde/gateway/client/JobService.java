package org.openhorde.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.internal.BlockedPrompt;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.PromptFilter;
import org.openhorde.contracts.internal.PromptFilterChange;
import org.openhorde.contracts.internal.WorkerMessage;
import org.openhorde.contracts.internal.WorkerMessagePost;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.contracts.internal.TextStats;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerChange;
import org.openhorde.contracts.internal.WorkerDetails;
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

    /** Queues an accepted request (idempotent on its event and request id); done when job-service committed it. */
    @POST
    @Path("/requests")
    Uni<Void> queue(JobSubmitted request);

    /** Ends the request's waiting jobs; held ones are delivered and settled. 404 when job-service has no such request. */
    @POST
    @Path("/requests/{id}/cancel")
    Uni<Void> cancel(@PathParam("id") UUID requestId);

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
    @Path("/status/text")
    Uni<TextStats> textStats();

    @GET
    @Path("/workers")
    Uni<List<WorkerSummary>> workers(@QueryParam("ownerUserId") long ownerUserId);

    @GET
    @Path("/workers/online")
    Uni<List<WorkerDetails>> onlineWorkers(@QueryParam("type") String type, @QueryParam("name") String name);

    @GET
    @Path("/workers/{id}")
    Uni<WorkerDetails> worker(@PathParam("id") UUID id);

    @GET
    @Path("/workers/name/{name}")
    Uni<WorkerDetails> workerByName(@PathParam("name") String name);

    @PUT
    @Path("/workers/{id}")
    Uni<WorkerDetails> changeWorker(@PathParam("id") UUID id, WorkerChange change);

    @DELETE
    @Path("/workers/{id}")
    Uni<WorkerDetails> removeWorker(@PathParam("id") UUID id, @QueryParam("actorUserId") long actorUserId,
                                    @QueryParam("actorModerator") boolean actorModerator);

    /** Checks an interrogation worker in (registering it on its first pop); its details, for the pop's rules. */
    @POST
    @Path("/workers/interrogation-check-in")
    Uni<WorkerDetails> interrogationCheckIn(WorkerPop pop);

    @GET
    @Path("/filters")
    Uni<List<PromptFilter>> filters(@QueryParam("filterType") Integer filterType,
                                    @QueryParam("contains") String contains);

    @PUT
    @Path("/filters")
    Uni<PromptFilter> addFilter(PromptFilterChange change);

    @GET
    @Path("/filters/{id}")
    Uni<PromptFilter> filter(@PathParam("id") long id);

    @PATCH
    @Path("/filters/{id}")
    Uni<PromptFilter> patchFilter(@PathParam("id") long id, PromptFilterChange change);

    @DELETE
    @Path("/filters/{id}")
    Uni<Void> deleteFilter(@PathParam("id") long id);

    @POST
    @Path("/filters/blocked")
    Uni<BlockedPrompt> recordBlocked(BlockedPrompt blocked);

    @GET
    @Path("/filters/blocked")
    Uni<List<BlockedPrompt>> blocked(@QueryParam("userId") Long userId, @QueryParam("page") Integer page);

    @GET
    @Path("/worker-messages")
    Uni<List<WorkerMessage>> workerMessages(@QueryParam("userId") Long userId, @QueryParam("workerId") UUID workerId,
                                            @QueryParam("validity") String validity, @QueryParam("page") Integer page);

    @POST
    @Path("/worker-messages")
    Uni<WorkerMessage> sendWorkerMessage(WorkerMessagePost post);

    @GET
    @Path("/worker-messages/{id}")
    Uni<WorkerMessage> workerMessage(@PathParam("id") UUID id);

    @DELETE
    @Path("/worker-messages/{id}")
    Uni<Void> deleteWorkerMessage(@PathParam("id") UUID id, @QueryParam("actorUserId") long actorUserId,
                                  @QueryParam("actorModerator") boolean actorModerator);

    @ClientExceptionMapper
    static RuntimeException relay(Response response) {
        return InternalErrors.relayed(NAME, response);
    }
}
