package org.openhorde.gateway.rest;

import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.RequestRatingSubmission.ImageScore;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.service.RatingRequests;
import org.openhorde.kit.rest.InputLimits;

/**
 * The AI Horde's {@code POST /api/v2/generate/rate/{id}}: a requester rates the images of their own finished, shared
 * image request ({@code ratings}, and/or the {@code best} of a set) and earns kudos, at most what the request cost
 * minus one. rating-service decides it from its own projection of the request (decision 0032).
 */
@Path("/api/v2/generate/rate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "generate")
public class AestheticsResource {

    private final RatingRequests ratings;

    AestheticsResource(RatingRequests ratings) {
        this.ratings = ratings;
    }

    /** The AI Horde's {@code AestheticsPayload}. */
    public record AestheticsPayload(String best, List<ImageScore> ratings) {
    }

    @POST
    @RateLimited(LimitedRoute.GENERATE_RATE)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "post_aesthetics", summary = "Submit aesthetic ratings for generated images to be used by LAION",
            description = "Rates the images of a finished shared request; the requester earns kudos for the ratings.")
    @APIResponse(responseCode = "200", description = "The kudos the requester earned",
            content = @Content(schema = @Schema(implementation = RatingViews.AestheticsReward.class),
                    examples = @ExampleObject(name = "rated", value = "{\"reward\": 10.0}")))
    @APIResponse(responseCode = "400", description = "Validation error or a request that cannot be rated; rc: "
            + "BadRequest, AestheticsMissing, AestheticsDuplicate, AestheticsSolo, AestheticsConfused, "
            + "ProcGenNotFound, AestheticsNotCompleted, AestheticsNotPublic, AestheticsAlreadyExist", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key (the key is optional); rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the requester's request; rc: NotOwner", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such request (never made, expired, or not a UUID); rc: "
            + "RequestNotFound", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); rc: "
            + "TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> rate(@PathParam("id") String id, AestheticsPayload payload,
                              @RestHeader("apikey") String apikey, @RestHeader("Client-Agent") String clientAgent) {
        UUID requestId = Uuids.parse(id).orElseThrow(() -> new HordeException(Rc.RequestNotFound,
                "Image Waiting Prompt (Aesthetics) with ID '" + id + "' not found."));
        InputLimits.requireAtMost("Client-Agent", clientAgent, InputLimits.TOKEN);
        AestheticsPayload body = payload == null ? new AestheticsPayload(null, null) : payload;
        InputLimits.requireAtMost("best", body.best(), 36);
        return ratings.rateRequest(requestId, body.best(), body.ratings(), apikey, clientAgent);
    }
}
