package org.openhorde.ratings.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.openhorde.ratings.domain.ExportManifest;
import org.openhorde.ratings.domain.ExportRow;
import org.openhorde.ratings.domain.RaterHash;

/**
 * The export's SQL, over one JDBC connection in the exporter's transaction. Explicit SQL rather than entities
 * (decision 0024's rule): the guarantees are statements — an advisory lock that lets one replica export, a
 * repeatable-read snapshot that makes "accepted at export time" one instant, a keyset scan that never holds more
 * than a page.
 */
public final class ResearchExports {

    /** Rows read per round trip of the scan. */
    static final int PAGE = 1000;

    private final Connection db;

    public ResearchExports(Connection db) {
        this.db = db;
    }

    /** One exporter at a time across replicas, for this transaction (schema-qualified: envs share the database). */
    public boolean tryExportLock() throws SQLException {
        try (PreparedStatement lock = db.prepareStatement(
                "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.research-export'))");
             ResultSet result = lock.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** Seconds since the newest export by the database's clock (replicas' clocks may differ), empty before the first. */
    public Optional<Double> secondsSinceLatest() throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "select extract(epoch from now() - max(created_at)) from research_exports");
             ResultSet result = query.executeQuery()) {
            result.next();
            double seconds = result.getDouble(1);
            return result.wasNull() ? Optional.empty() : Optional.of(seconds);
        }
    }

    /** The transaction's start by the database's clock: the export's created-at. */
    public Instant now() throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select now()");
             ResultSet result = query.executeQuery()) {
            result.next();
            return result.getTimestamp(1).toInstant();
        }
    }

    public Optional<String> latestContentSha256() throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "select content_sha256 from research_exports order by created_at desc limit 1");
             ResultSet result = query.executeQuery()) {
            return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
        }
    }

    /**
     * Every rating accepted in this transaction's snapshot, oldest first, a page at a time. The rater's id is hashed
     * here and leaves the database no other way.
     */
    public void scanAccepted(String salt, Consumer<List<ExportRow>> pages) throws SQLException {
        Timestamp afterAt = null;
        String afterId = null;
        while (true) {
            List<ExportRow> page = new ArrayList<>(PAGE);
            try (PreparedStatement query = db.prepareStatement("""
                    select r.id, r.image_id, i.dataset_id, d.name, i.bucket, i.object_key, i.model, r.user_id,
                           r.rating, r.artifacts, r.created_at, r.rater_kudos, r.rater_account_age,
                           r.rater_images_generated, r.rater_ratings_given, r.rater_trusted, r.rater_client_agent,
                           r.rater_seconds_since_previous, r.rater_control_failed, i.times_rated
                    from ratings r
                    join rateable_images i on i.id = r.image_id
                    join datasets d on d.id = i.dataset_id
                    where r.decision = 'accepted'
                      and (cast(? as timestamptz) is null or (r.created_at, r.id) > (?, cast(? as uuid)))
                    order by r.created_at, r.id
                    limit ?""")) {
                query.setTimestamp(1, afterAt);
                query.setTimestamp(2, afterAt);
                query.setString(3, afterId);
                query.setInt(4, PAGE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        afterAt = rows.getTimestamp(11);
                        afterId = rows.getString(1);
                        page.add(row(rows, salt));
                    }
                }
            }
            if (!page.isEmpty()) {
                pages.accept(page);
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private static ExportRow row(ResultSet rows, String salt) throws SQLException {
        int artifacts = rows.getInt(10);
        Integer artifactsOrNull = rows.wasNull() ? null : artifacts;
        long sincePrevious = rows.getLong(18);
        Long sincePreviousOrNull = rows.wasNull() ? null : sincePrevious;
        return new ExportRow(
                rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getString(7), RaterHash.of(salt, rows.getLong(8)), rows.getInt(9),
                artifactsOrNull, rows.getTimestamp(11).toInstant(), rows.getLong(12) / 100.0, rows.getLong(13),
                rows.getLong(14), rows.getLong(15), rows.getBoolean(16), rows.getString(17), sincePreviousOrNull,
                rows.getInt(19), rows.getInt(20));
    }

    /** The prefixes of every export but the newest {@code keep}, oldest first. */
    public List<String> prefixesAfterNewest(int keep) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                select prefix from (select prefix, created_at from research_exports
                                    order by created_at desc offset ?) old
                order by created_at""")) {
            query.setInt(1, keep);
            List<String> prefixes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    prefixes.add(rows.getString(1));
                }
            }
            return prefixes;
        }
    }

    /** Drops an export's row once its objects are deleted. */
    public void forget(String prefix) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("delete from research_exports where prefix = ?")) {
            delete.setString(1, prefix);
            delete.executeUpdate();
        }
    }

    public void record(ExportManifest manifest, String manifestJson) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into research_exports (id, prefix, rows, content_sha256, manifest, created_at)
                values (cast(? as uuid), ?, ?, ?, ?, ?)""")) {
            insert.setString(1, manifest.exportId());
            insert.setString(2, manifest.prefix());
            insert.setLong(3, manifest.rows());
            insert.setString(4, manifest.contentSha256());
            insert.setString(5, manifestJson);
            insert.setTimestamp(6, Timestamp.from(manifest.createdAt()));
            insert.executeUpdate();
        }
    }
}
