package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openhorde.contracts.internal.JobSubmission;
import org.openhorde.contracts.internal.PopResult;
import org.openhorde.contracts.internal.SubmissionResult;
import org.openhorde.contracts.internal.WorkerPop;
import org.openhorde.jobs.service.PopService;
import org.openhorde.jobs.service.SubmitService;

/** Internal API for the gateway: a worker pops jobs and submits generations. Not exposed publicly. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalJobResource {

    private final PopService pops;
    private final SubmitService submits;

    InternalJobResource(PopService pops, SubmitService submits) {
        this.pops = pops;
        this.submits = submits;
    }

    @POST
    @Path("/pop")
    public Uni<PopResult> pop(WorkerPop pop) {
        return pops.pop(pop);
    }

    @POST
    @Path("/submit")
    public Uni<SubmissionResult> submit(JobSubmission submission) {
        return submits.submit(submission);
    }
}
