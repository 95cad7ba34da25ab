package org.openhorde.storage.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.ManifestIndex;
import org.openhorde.storage.domain.ManifestParquet;
import org.openhorde.storage.domain.ManifestPart;
import org.openhorde.storage.domain.ManifestRow;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.SharedImageRepository;

/**
 * Keeps the researchers' manifest of the shared bucket current: each run appends the images shared since the last
 * run as a new part ({@code manifest/part-<n>.jsonl} and {@code .parquet}) and rewrites {@code manifest/index.json}.
 * Parts are never rewritten once recorded, so a reader only fetches what is new.
 *
 * <p>Within one transaction (and one advisory lock across instances): the unexported rows are locked, both part
 * files and the index are written to the store, then the part is recorded. A failure before the commit leaves the
 * rows unexported and the same part number free: the next run writes the part again, over whatever was written.
 */
@ApplicationScoped
public class ManifestExporter {

    private static final Logger LOG = Logger.getLogger(ManifestExporter.class);

    private final Pool pool;
    private final ObjectStore store;
    private final SharedImageRepository shared;
    private final StorageConfig config;
    private final ObjectMapper json;

    ManifestExporter(Pool pool, ObjectStore store, SharedImageRepository shared, StorageConfig config,
                     ObjectMapper json) {
        this.pool = pool;
        this.store = store;
        this.shared = shared;
        this.config = config;
        this.json = json;
    }

    @Scheduled(every = "${horde.storage.export.interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> export() {
        return exportPart()
                .onFailure().invoke(e -> LOG.warnf("manifest export failed, the next run retries: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Exports one part of what was shared since the last part; returns its rows (0 when there was nothing new). */
    public Uni<Integer> exportPart() {
        return pool.withTransaction(conn -> shared.tryExportLock(conn).flatMap(locked -> !locked
                ? Uni.createFrom().item(0)
                : shared.lockUnexported(conn, config.export().partMaxRows()).flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : writePart(conn, rows))));
    }

    private Uni<Integer> writePart(SqlClient conn, List<ManifestRow> rows) {
        return shared.nextPartNumber(conn).flatMap(number -> {
            ManifestPart part = new ManifestPart(number, rows.size(), ManifestPart.jsonlKey(number),
                    ManifestPart.parquetKey(number), Instant.now());
            return shared.parts(conn).flatMap(earlier -> {
                List<ManifestPart> all = new ArrayList<>(earlier);
                all.add(part);
                // Files are built on this context (a part is at most partMaxRows small rows); the puts block on
                // worker threads and answer back here, where the transaction continues.
                byte[] jsonl = jsonl(rows);
                byte[] parquet = ManifestParquet.write(rows);
                byte[] index = bytes(ManifestIndex.of(all, part.exportedAt()));
                Uni<Void> written = Uni.createFrom().item(new byte[][] {jsonl, parquet, index})
                        .flatMap(files -> store.put(bucket(), part.jsonl(), files[0], "application/x-ndjson")
                                .chain(() -> store.put(bucket(), part.parquet(), files[1],
                                        "application/vnd.apache.parquet"))
                                .chain(() -> store.put(bucket(), ManifestPart.INDEX_KEY, files[2],
                                        "application/json")));
                List<UUID> jobIds = rows.stream().map(row -> row.metadata().id()).toList();
                return written
                        .chain(() -> shared.recordPart(conn, part, jobIds))
                        .invoke(() -> LOG.infof("manifest part %d: %d shared images", number, rows.size()))
                        .replaceWith(rows.size());
            });
        });
    }

    private byte[] jsonl(List<ManifestRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ManifestRow row : rows) {
            out.writeBytes(bytes(row));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest records always serialise", e);
        }
    }

    private String bucket() {
        return config.buckets().shared();
    }
}
