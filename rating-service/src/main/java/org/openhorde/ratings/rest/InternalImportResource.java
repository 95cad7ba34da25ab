package org.openhorde.ratings.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.kit.rest.InputLimits;
import org.openhorde.ratings.repository.DatasetImports;
import org.openhorde.ratings.repository.DatasetImports.ImportRow;
import org.openhorde.ratings.service.DatasetImporter;

/**
 * Dataset imports (decision 0040), internal: the gateway serves them to the operator at
 * {@code /api/v1/datasets/imports} after checking the caller is an admin. Blocking JDBC, so on worker threads.
 */
@Path("/internal/ratings/imports")
@Produces(MediaType.APPLICATION_JSON)
public class InternalImportResource {

    static final int DATASET_NAME = 100;
    static final int DESCRIPTION = 1000;
    static final int MANIFEST_URL = 2000;
    static final int LIST_LIMIT = 50;

    private final DatasetImporter importer;
    private final DatasetImports imports;

    InternalImportResource(DatasetImporter importer, DatasetImports imports) {
        this.importer = importer;
        this.imports = imports;
    }

    /** {@code POST}'s body; {@code requested_by} is the operator's user id, set by the gateway. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImportInput(String dataset, String description, String manifestUrl, Long requestedBy) {
    }

    /** One import: its progress counts, its state, the first failures' reasons. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImportStatus(UUID id, UUID datasetId, String dataset, String manifest, String state, Integer total,
                               int imported, int skipped, int failed, String error, Long requestedBy,
                               Instant startedAt, Instant updatedAt, Instant finishedAt,
                               List<FailedEntry> failures) {

        static ImportStatus of(ImportRow row, List<DatasetImports.Failure> failures) {
            return new ImportStatus(row.id(), row.datasetId(), row.datasetName(), row.manifest(), row.state(),
                    row.total(), row.imported(), row.skipped(), row.failed(), row.error(), row.requestedBy(),
                    row.startedAt(), row.updatedAt(), row.finishedAt(),
                    failures.stream().map(f -> new FailedEntry(f.entryId(), f.reason())).toList());
        }
    }

    /** A manifest entry that was not imported, and why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FailedEntry(String entryId, String reason) {
    }

    /** Starts an import; 202 with its status (state {@code running}) at once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(ImportInput input) throws SQLException {
        if (input == null) {
            throw new HordeException(Rc.BadRequest, "dataset and manifest_url are required.");
        }
        String dataset = required("dataset", input.dataset(), DATASET_NAME);
        if (dataset.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new HordeException(Rc.BadRequest, "dataset must not contain control characters.");
        }
        String manifestUrl = required("manifest_url", input.manifestUrl(), MANIFEST_URL);
        if (!manifestUrl.regionMatches(true, 0, "https://", 0, 8)) {
            throw new HordeException(Rc.BadRequest, "manifest_url must be an https:// URL.");
        }
        InputLimits.requireAtMost("description", input.description(), DESCRIPTION);
        UUID id = importer.start(new DatasetImporter.ImportRequest(dataset, input.description(), manifestUrl,
                input.requestedBy()));
        return Response.accepted(status(id)).build();
    }

    @GET
    @Path("/{id}")
    public ImportStatus status(@PathParam("id") String id) throws SQLException {
        return status(InternalRatingResource.uuid("import", id));
    }

    /** The newest imports (of one dataset, by name, when given), without their failures. */
    @GET
    public List<ImportStatus> newest(@QueryParam("dataset") String dataset) throws SQLException {
        InputLimits.requireAtMost("dataset", dataset, DATASET_NAME);
        String name = dataset == null || dataset.isBlank() ? null : dataset.strip();
        return imports.newest(name, LIST_LIMIT).stream().map(row -> ImportStatus.of(row, List.of())).toList();
    }

    private ImportStatus status(UUID id) throws SQLException {
        ImportRow row = imports.find(id).orElseThrow(() ->
                new HordeException(Rc.ThingNotFound, "No dataset import with id '" + id + "'."));
        return ImportStatus.of(row, imports.failures(id, 100));
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new HordeException(Rc.BadRequest, field + " is required.");
        }
        InputLimits.requireAtMost(field, value, max);
        return value.strip();
    }
}
