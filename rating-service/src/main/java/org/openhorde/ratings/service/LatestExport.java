package org.openhorde.ratings.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.ratings.domain.ExportFiles;
import org.openhorde.ratings.domain.ExportManifest;
import org.openhorde.ratings.repository.ExportObjects;

/**
 * The newest research export's files, as {@code /api/v1/download/<name>} serves them: a presigned URL of the object
 * for any file the latest manifest lists, 404 otherwise. Found in this service's own table (one indexed row), so
 * the gateway never reads the bucket.
 */
@ApplicationScoped
public class LatestExport {

    /** A downloadable file of the latest export. */
    public record ExportFile(String name, String url, String exportId) {
    }

    private final Pool pool;
    private final ExportObjects objects;

    LatestExport(Pool pool, ExportObjects objects) {
        this.pool = pool;
        this.objects = objects;
    }

    public Uni<ExportFile> file(String name) {
        return pool.query("select manifest from research_exports order by created_at desc limit 1").execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new HordeException(Rc.ThingNotFound, "No ratings export has been made yet.");
                    }
                    Row row = rows.iterator().next();
                    ExportManifest manifest = manifest(row.getString("manifest"));
                    if (!manifest.fileNames().contains(name)) {
                        throw new HordeException(Rc.ThingNotFound, "The latest ratings export has no file '" + name
                                + "'; it has " + String.join(", ", manifest.fileNames()) + ".");
                    }
                    return new ExportFile(name, objects.downloadUrl(manifest.prefix() + name), manifest.exportId());
                });
    }

    private static ExportManifest manifest(String json) {
        try {
            return ExportFiles.JSON.readValue(json, ExportManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded manifest always reads back", e);
        }
    }
}
