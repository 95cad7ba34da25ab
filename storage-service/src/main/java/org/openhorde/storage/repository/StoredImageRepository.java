package org.openhorde.storage.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.storage.domain.ImageState;
import org.openhorde.storage.domain.StoredImage;

/** One row per delivered job: where its image is, or that it was missing when we looked. */
@ApplicationScoped
public class StoredImageRepository {

    /** Returns false when the job was recorded before (under another event): the first record stands. */
    public Uni<Boolean> insert(SqlClient client, UUID jobId, UUID requestId, StoredImage image) {
        return client.preparedQuery("""
                        insert into stored_images (job_id, request_id, bucket, object_key, size_bytes, content_type, state)
                        values ($1, $2, $3, $4, $5, $6, $7)
                        on conflict (job_id) do nothing
                        """)
                .execute(Tuple.from(new Object[] {jobId, requestId, image.bucket(), image.objectKey(),
                        image.sizeBytes(), image.contentType(), image.state().name()}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether this event was processed or this job recorded before: then the store need not be asked again. */
    public Uni<Boolean> handled(SqlClient client, UUID eventId, UUID jobId) {
        return client.preparedQuery("""
                        select exists(select 1 from inbox where event_id = $1)
                            or exists(select 1 from stored_images where job_id = $2) as handled
                        """)
                .execute(Tuple.of(eventId, jobId))
                .map(rows -> rows.iterator().next().getBoolean("handled"));
    }

    public Uni<Optional<StoredImage>> find(SqlClient client, UUID jobId) {
        return client.preparedQuery("""
                        select bucket, object_key, size_bytes, content_type, state from stored_images where job_id = $1
                        """)
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(image(rows.iterator().next())));
    }

    private static StoredImage image(Row row) {
        return new StoredImage(row.getString("bucket"), row.getString("object_key"), row.getLong("size_bytes"),
                row.getString("content_type"), ImageState.valueOf(row.getString("state")));
    }
}
