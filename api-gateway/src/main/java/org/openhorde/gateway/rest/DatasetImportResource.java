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
    public Uni<JsonNode> status(@PathParam("importId") String importId, @RestHeader("apikey") String apikey) {
        UUID id = Uuids.parse(importId).orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No dataset import with id '" + importId + "'."));
        return ratings.importStatus(apikey, id);
    }

    /** The newest imports, of one dataset (by name) when {@code ?dataset=} is given. */
    @GET
    public Uni<List<JsonNode>> newest(@QueryParam("dataset") String dataset, @RestHeader("apikey") String apikey) {
        InputLimits.requireAtMost("dataset", dataset, DATASET_NAME);
        return ratings.imports(apikey, dataset);
    }
}
