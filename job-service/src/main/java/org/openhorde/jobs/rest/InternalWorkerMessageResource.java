package org.openhorde.jobs.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.WorkerMessage;
import org.openhorde.contracts.internal.WorkerMessagePost;
import org.openhorde.jobs.service.WorkerMessages;

/** Internal API for the gateway: messages to workers' owners (it authenticated the caller and checked the shape). */
@Path("/internal/worker-messages")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWorkerMessageResource {

    private final WorkerMessages messages;

    InternalWorkerMessageResource(WorkerMessages messages) {
        this.messages = messages;
    }

    /** 50 a page from page 1; {@code validity} is {@code active}, {@code expired} or {@code all}. */
    @GET
    public Uni<List<WorkerMessage>> list(@QueryParam("userId") Long userId, @QueryParam("workerId") UUID workerId,
                                         @QueryParam("validity") String validity, @QueryParam("page") Integer page) {
        String which = validity == null ? "active" : validity;
        if (!List.of("active", "expired", "all").contains(which)) {
            throw new HordeException(Rc.BadRequest, "validity can only be one of 'active', 'expired', or 'all'");
        }
        int from = page == null || page < 1 ? 0 : Math.min(page, 10_000) - 1;
        return messages.list(userId, workerId, which, from);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkerMessage> send(WorkerMessagePost post) {
        if (post == null || post.message() == null || post.expiryHours() < 1) {
            throw new HordeException(Rc.BadRequest, "a message needs its text and an expiry of at least an hour");
        }
        return messages.send(post);
    }

    @GET
    @Path("/{id}")
    public Uni<WorkerMessage> get(@RestPath UUID id) {
        return messages.get(id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@RestPath UUID id, @QueryParam("actorUserId") long actorUserId,
                            @QueryParam("actorModerator") boolean actorModerator) {
        return messages.delete(id, actorUserId, actorModerator);
    }
}
