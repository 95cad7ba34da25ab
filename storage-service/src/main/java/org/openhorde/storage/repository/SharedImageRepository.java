package org.openhorde.storage.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openhorde.storage.domain.ManifestPart;
import org.openhorde.storage.domain.ManifestRow;
import org.openhorde.storage.domain.SharedImageMetadata;

/** Images in the shared dataset and the manifest parts they were exported in. */
@ApplicationScoped
public class SharedImageRepository {

    private final ObjectMapper json;

    SharedImageRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Returns false when the job was shared before. */
    public Uni<Boolean> insert(SqlClient client, ManifestRow row) {
        SharedImageMetadata metadata = row.metadata();
        return client.preparedQuery("""
                        insert into shared_images (job_id, request_id, object_key, sidecar_key, content_type, metadata)
                        values ($1, $2, $3, $4, $5, $6::text::jsonb)
                        on conflict (job_id) do nothing
                        """)
                .execute(Tuple.of(metadata.id(), metadata.requestId(), row.imageKey(), row.sidecarKey(),
                        row.contentType(), write(metadata)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Takes the manifest lock for the caller's transaction; false when another instance is exporting. The key
     * includes the schema, so environments sharing one database do not wait for each other.
     */
    public Uni<Boolean> tryExportLock(SqlClient client) {
        return client.query("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.manifest')) as locked")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** The oldest images not yet in a manifest part, locked for the caller's transaction. */
    public Uni<List<ManifestRow>> lockUnexported(SqlClient client, int limit) {
        return client.preparedQuery("""
                        select object_key, sidecar_key, content_type, metadata::text as metadata from shared_images
                         where part_no is null order by shared_at, job_id limit $1 for update
                        """)
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<ManifestRow> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(new ManifestRow(read(row.getString("metadata")), row.getString("object_key"),
                                row.getString("sidecar_key"), row.getString("content_type")));
                    }
                    return found;
                });
    }

    public Uni<Integer> nextPartNumber(SqlClient client) {
        return client.query("select coalesce(max(part_no), 0) + 1 as next from manifest_parts").execute()
                .map(rows -> rows.iterator().next().getInteger("next"));
    }

    /** Records a written part and marks its images exported. */
    public Uni<Void> recordPart(SqlClient client, ManifestPart part, List<UUID> jobIds) {
        return client.preparedQuery("""
                        insert into manifest_parts (part_no, rows, jsonl_key, parquet_key, exported_at)
                        values ($1, $2, $3, $4, $5)
                        """)
                .execute(Tuple.of(part.part(), part.rows(), part.jsonl(), part.parquet(),
                        part.exportedAt().atOffset(ZoneOffset.UTC)))
                .flatMap(ignored -> client.preparedQuery("update shared_images set part_no = $1 where job_id = any($2)")
                        .execute(Tuple.of(part.part(), jobIds.toArray(UUID[]::new))))
                .replaceWithVoid();
    }

    public Uni<List<ManifestPart>> parts(SqlClient client) {
        return client.query("select part_no, rows, jsonl_key, parquet_key, exported_at from manifest_parts order by part_no")
                .execute()
                .map(rows -> {
                    List<ManifestPart> parts = new ArrayList<>();
                    for (Row row : rows) {
                        parts.add(new ManifestPart(row.getInteger("part_no"), row.getInteger("rows"),
                                row.getString("jsonl_key"), row.getString("parquet_key"),
                                row.getOffsetDateTime("exported_at").toInstant()));
                    }
                    return parts;
                });
    }

    private String write(SharedImageMetadata metadata) {
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a metadata record always serialises", e);
        }
    }

    private SharedImageMetadata read(String metadata) {
        try {
            return json.readValue(metadata, SharedImageMetadata.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("shared_images holds only what this class wrote", e);
        }
    }
}
