package org.openhorde.ratings.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The dataset import's SQL (decision 0040), each call its own short autocommit statement on the JDBC pool: an import
 * is a long batch job on a worker thread that must not hold a connection (or a transaction) for its whole run.
 * Explicit SQL (decision 0024's rule): "add this image unless it is there" is one {@code on conflict do nothing},
 * which makes a re-run, or two replicas importing the same manifest, safe without any lock.
 */
@ApplicationScoped
public class DatasetImports {

    /** One import as the status route shows it. */
    public record ImportRow(UUID id, UUID datasetId, String datasetName, String manifest, String state,
                            Integer total, int imported, int skipped, int failed, String error, Long requestedBy,
                            Instant startedAt, Instant updatedAt, Instant finishedAt) {
    }

    /** Why one entry was not imported. */
    public record Failure(String entryId, String reason) {
    }

    private final AgroalDataSource database;

    DatasetImports(AgroalDataSource database) {
        this.database = database;
    }

    /** The dataset of this name, created with {@code id} the first time (a racing replica's insert just wins). */
    public UUID ensureDataset(UUID id, String name, String description) throws SQLException {
        try (Connection db = database.getConnection()) {
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into datasets (id, name, description) values (?, ?, ?) on conflict do nothing")) {
                insert.setObject(1, id);
                insert.setString(2, name);
                insert.setString(3, description);
                insert.executeUpdate();
            }
            try (PreparedStatement query = db.prepareStatement("select id from datasets where name = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        // The id was taken under another name: the caller's id derivation collided.
                        throw new IllegalStateException("dataset id " + id + " belongs to another dataset");
                    }
                    return rows.getObject(1, UUID.class);
                }
            }
        }
    }

    public void start(UUID importId, UUID datasetId, String manifest, Long requestedBy) throws SQLException {
        update("""
                insert into dataset_imports (id, dataset_id, manifest, state, requested_by)
                values (?, ?, ?, 'running', ?)""", importId, datasetId, manifest, requestedBy);
    }

    public void total(UUID importId, int total) throws SQLException {
        update("update dataset_imports set total = ?, updated_at = now() where id = ?", total, importId);
    }

    public void progress(UUID importId, int imported, int skipped, int failed) throws SQLException {
        update("update dataset_imports set imported = ?, skipped = ?, failed = ?, updated_at = now() where id = ?",
                imported, skipped, failed, importId);
    }

    /** Ends the import: {@code finished} (every entry decided) or {@code failed} with why. */
    public void finish(UUID importId, String state, String error) throws SQLException {
        update("""
                update dataset_imports set state = ?, error = ?, updated_at = now(), finished_at = now()
                where id = ?""", state, error == null ? null : clip(error, 1000), importId);
    }

    /**
     * Marks imports that stopped progressing (their replica died) as {@code interrupted}: a running import touches its
     * row at every entry, and no entry takes minutes. Re-running such an import continues where it stopped.
     */
    public int interruptStale(java.time.Duration silence) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement statement = db.prepareStatement("""
                     update dataset_imports set state = 'interrupted', finished_at = now(),
                            error = 'the import stopped making progress (its replica stopped); run it again to finish'
                     where state = 'running' and updated_at < now() - make_interval(secs => ?)""")) {
            statement.setDouble(1, silence.toMillis() / 1000.0);
            return statement.executeUpdate();
        }
    }

    public void failure(UUID importId, String entryId, String reason) throws SQLException {
        update("""
                insert into dataset_import_failures (import_id, entry_id, reason) values (?, ?, ?)
                on conflict do nothing""", importId, clip(entryId, 300), clip(reason, 500));
    }

    public boolean imageExists(UUID imageId) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement query = db.prepareStatement("select 1 from rateable_images where id = ?")) {
            query.setObject(1, imageId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Adds the image unless its id (or its object) is there already; true when this call added it.
     *
     * @param metadataJson the manifest's metadata as a JSON object
     */
    public boolean addImage(UUID imageId, UUID datasetId, String bucket, String objectKey, String entryId,
                            String metadataJson) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement insert = db.prepareStatement("""
                     insert into rateable_images (id, dataset_id, bucket, object_key, source_id, metadata)
                     values (?, ?, ?, ?, ?, cast(? as jsonb))
                     on conflict do nothing""")) {
            insert.setObject(1, imageId);
            insert.setObject(2, datasetId);
            insert.setString(3, bucket);
            insert.setString(4, objectKey);
            insert.setString(5, entryId);
            insert.setString(6, metadataJson);
            return insert.executeUpdate() == 1;
        }
    }

    public Optional<ImportRow> find(UUID importId) throws SQLException {
        List<ImportRow> found = query("where i.id = ?", importId, 1);
        return found.stream().findFirst();
    }

    /** The newest imports first, of one dataset (by name) when {@code datasetName} is given. */
    public List<ImportRow> newest(String datasetName, int limit) throws SQLException {
        return datasetName == null ? query("", null, limit) : query("where d.name = ?", datasetName, limit);
    }

    public List<Failure> failures(UUID importId, int limit) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement query = db.prepareStatement("""
                     select entry_id, reason from dataset_import_failures where import_id = ?
                     order by entry_id limit ?""")) {
            query.setObject(1, importId);
            query.setInt(2, limit);
            List<Failure> failures = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    failures.add(new Failure(rows.getString(1), rows.getString(2)));
                }
            }
            return failures;
        }
    }

    private List<ImportRow> query(String where, Object parameter, int limit) throws SQLException {
        try (Connection db = database.getConnection();
             PreparedStatement query = db.prepareStatement("""
                     select i.id, i.dataset_id, d.name, i.manifest, i.state, i.total, i.imported, i.skipped, i.failed,
                            i.error, i.requested_by, i.started_at, i.updated_at, i.finished_at
                     from dataset_imports i join datasets d on d.id = i.dataset_id
                     %s order by i.started_at desc limit ?""".formatted(where))) {
            int next = 1;
            if (parameter != null) {
                query.setObject(next++, parameter);
            }
            query.setInt(next, limit);
            List<ImportRow> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int total = rows.getInt(6);
                    Integer totalOrNull = rows.wasNull() ? null : total;
                    long requestedBy = rows.getLong(11);
                    Long requestedByOrNull = rows.wasNull() ? null : requestedBy;
                    found.add(new ImportRow(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            rows.getString(3), rows.getString(4), rows.getString(5), totalOrNull, rows.getInt(7),
                            rows.getInt(8), rows.getInt(9), rows.getString(10), requestedByOrNull,
                            instant(rows.getTimestamp(12)), instant(rows.getTimestamp(13)),
                            instant(rows.getTimestamp(14))));
                }
            }
            return found;
        }
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection db = database.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
