package org.openhorde.ratings.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.Map;
import org.openhorde.kit.rest.InputLimits;
import org.openhorde.ratings.service.LatestExport;
import org.openhorde.ratings.service.LatestExport.ExportFile;
import org.openhorde.ratings.service.ResearchExport;

/** The research export's internal API: the gateway's {@code /api/v1/download/...}, and an operator's "export now". */
@Path("/internal/ratings/exports")
@Produces(MediaType.APPLICATION_JSON)
public class InternalExportResource {

    private final LatestExport latest;
    private final ResearchExport export;

    InternalExportResource(LatestExport latest, ResearchExport export) {
        this.latest = latest;
        this.export = export;
    }

    /** A presigned URL of one file of the latest export (manifest.json, datacard.md, part-NNNNNN.parquet|jsonl). */
    @GET
    @Path("/latest/{name}")
    public Uni<ExportFile> latestFile(@PathParam("name") String name) {
        InputLimits.requireAtMost("name", name, InputLimits.ID);
        return latest.file(name);
    }

    /** Exports now (unless another replica is, or nothing changed); blocking, so on a worker thread. */
    @POST
    public Map<String, String> exportNow() throws SQLException {
        return Map.of("outcome", export.exportNow().name().toLowerCase());
    }
}
