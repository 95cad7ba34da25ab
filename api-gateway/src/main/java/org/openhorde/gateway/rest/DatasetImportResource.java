package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.gateway.domain.Uuids;
import org.openhorde.gateway.service.RatingRequests;
import org.openhorde.kit.rest.InputLimits;

/**
 * The operator's dataset imports (decision 0040), beside the other operator routes ({@code /operator/users},
 * {@code /operator/ledger}): rating-service imports a JSONL or Parquet manifest's images into a rateable dataset.
 * An admin's key only: 401 {@code InvalidAPIKey} without a valid one, 403 {@code NotAdmin} for anyone else.
 */
@Path("/api/v2/operator/datasets/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ratings")
public class DatasetImportResource {

    /** A dataset's name is at most this long (rating-service's column). */
    static final int DATASET_NAME = 100;

    private final RatingRequests ratings;

    DatasetImportResource(RatingRequests ratings) {
        this.ratings = ratings;
    }

    /** The body: the dataset's name (created when new), an optional description, the manifest's https URL. */
    public record DatasetImportInput(String dataset, String description,
                                     @JsonProperty("manifest_url") String manifestUrl) {
    }

    /** Starts an import: 202 with its status at once; the images are fetched in the background. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "post_operator_datasets_imports", summary = "Starts importing a manifest's images into a "
                    + "dataset (admin only)",
            description = "OpenHorde's own (decision 0040): a JSONL or Parquet manifest at an https URL; the dataset "
                    + "is created when new. Answers at once with the import's status; the images are fetched in the "
                    + "background.")
    @APIResponse(responseCode = "202", description = "Import started")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (dataset or manifest_url "
            + "missing, not https)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not an admin; rc: NotAdmin",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Response> start(DatasetImportInput input, @RestHeader("apikey") String apikey) {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "dataset and manifest_url are required.");
        }
        return ratings.startImport(apikey, input.dataset(), input.description(), input.manifestUrl())
                .map(status -> Response.accepted(status).build());
    }

    /** One import's progress: state, total, imported, skipped, failed, the first failures' reasons. */
    @GET
    @Path("/{importId}")
    @Operation(operationId = "get_operator_datasets_import_single", summary = "One dataset import's progress (admin "
                    + "only)",
            description = "State, total, imported, skipped and failed counts, and the first failures' reasons.")
    @APIResponse(responseCode = "200", description = "The import's status")
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not an admin; rc: NotAdmin",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "404", description = "No such import; rc: ThingNotFound",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<JsonNode> status(@PathParam("importId") String importId, @RestHeader("apikey") String apikey) {
        UUID id = Uuids.parse(importId).orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No dataset import with id '" + importId + "'."));
        return ratings.importStatus(apikey, id);
    }

    /** The newest imports, of one dataset (by name) when {@code ?dataset=} is given. */
    @GET
    @Operation(operationId = "get_operator_datasets_imports", summary = "The newest dataset imports (admin only)",
            description = "Of one dataset (by name) when dataset is given.")
    @APIResponse(responseCode = "200", description = "The newest imports")
    @APIResponse(responseCode = "400", description = "Validation error; rc: BadRequest (dataset over 100 characters)",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not an admin; rc: NotAdmin",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Too many calls (rate limit, with Retry-After); "
            + "rc: TooManyRequests", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<JsonNode>> newest(@QueryParam("dataset") String dataset, @RestHeader("apikey") String apikey) {
        InputLimits.requireAtMost("dataset", dataset, DATASET_NAME);
        return ratings.imports(apikey, dataset);
    }
}
