package org.openhorde.ratings.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.DataCard;
import org.openhorde.ratings.domain.ExportColumns;
import org.openhorde.ratings.domain.ExportFiles;
import org.openhorde.ratings.domain.ExportManifest;
import org.openhorde.ratings.domain.ExportParts;
import org.openhorde.ratings.domain.ExportRow;
import org.openhorde.ratings.repository.ExportObjects;
import org.openhorde.ratings.repository.ResearchExports;

/**
 * The scheduled research export (decision 0033): every accepted rating, row per rating, as Parquet and JSONL parts
 * with a manifest and a data card under {@code exports/<ts>/} in the shared bucket, then {@code exports/latest.json}.
 *
 * <p>One export per interval however many replicas run: each replica's scheduler fires, the first to take a
 * transaction-scoped advisory lock checks (by the database's clock) that the interval has passed since the newest
 * export, and the others either miss the lock or find the export not due. The rows are read in a repeatable-read
 * snapshot, so "accepted at export time" is one instant, and a rater excluded before it is absent from it. The
 * export is recorded in the same transaction after all its objects are written: a failure leaves no row, the
 * next run writes a new prefix, and {@code latest.json} only ever names a complete export. Parts are written as the
 * rows stream in ({@link ExportParts}: bounded by rows and bytes), and after each export only the newest
 * {@code horde.ratings.export.keep} stay in the bucket (decision 0040).
 *
 * <p>A batch job, so plain JDBC on a worker thread (the JDBC pool Flyway uses, at most 2 connections) rather than
 * the reactive pool the request paths share.
 */
@ApplicationScoped
public class ResearchExport {

    private static final Logger LOG = Logger.getLogger(ResearchExport.class);

    /** What a run did. */
    public enum Outcome { EXPORTED, NOT_DUE, UNCHANGED, LOCKED }

    private final AgroalDataSource database;
    private final ExportObjects objects;
    private final RatingConfig config;
    private final MeterRegistry metrics;

    ResearchExport(AgroalDataSource database, ExportObjects objects, RatingConfig config, MeterRegistry metrics) {
        this.database = database;
        this.objects = objects;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${horde.ratings.export.interval}", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (!config.export().enabled()) {
            return;
        }
        try {
            exportIfDue();
        } catch (RuntimeException | SQLException e) {
            LOG.warnf("research export failed, the next run retries: %s", e.toString());
            metrics.counter("horde_ratings_exports_total", "outcome", "failed").increment();
        }
    }

    /**
     * Exports when the interval has passed since the newest export (by a tenth less, so that a replica whose timer
     * fires a little early does not skip a whole interval) and the accepted ratings differ from it.
     */
    public Outcome exportIfDue() throws SQLException {
        return run(config.export().interval().multipliedBy(9).dividedBy(10));
    }

    /** Exports now unless another replica is exporting or nothing changed (operators, tests). */
    public Outcome exportNow() throws SQLException {
        return run(Duration.ZERO);
    }

    private Outcome run(Duration minimumAge) throws SQLException {
        try (Connection db = database.getConnection()) {
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Outcome outcome;
            try {
                outcome = export(new ResearchExports(db), minimumAge);
                db.commit();
                metrics.counter("horde_ratings_exports_total", "outcome", outcome.name().toLowerCase()).increment();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
            if (outcome == Outcome.EXPORTED) {
                db.setAutoCommit(true);
                keepNewest(new ResearchExports(db), config.export().keep());
            }
            return outcome;
        }
    }

    /**
     * Retention: deletes every export older than the newest {@code keep} — its objects first, then its row, so a
     * failure half-way leaves a row whose files the next sweep finishes deleting, never a served export without
     * files (the newest is always kept, and {@code /api/v1/download/} serves only the newest). Returns how many.
     */
    public int keepNewest(int keep) throws SQLException {
        try (Connection db = database.getConnection()) {
            return keepNewest(new ResearchExports(db), keep);
        }
    }

    private int keepNewest(ResearchExports exports, int keep) throws SQLException {
        int deleted = 0;
        for (String prefix : exports.prefixesAfterNewest(Math.max(1, keep))) {
            try {
                int objectsDeleted = objects.deletePrefix(prefix);
                exports.forget(prefix);
                deleted++;
                LOG.infof("research export %s deleted (%d objects): only the newest %d are kept", prefix,
                        objectsDeleted, Math.max(1, keep));
            } catch (RuntimeException e) {
                LOG.warnf("research export %s not deleted yet, the next export retries: %s", prefix, e.toString());
            }
        }
        return deleted;
    }

    private Outcome export(ResearchExports exports, Duration minimumAge) throws SQLException {
        if (!exports.tryExportLock()) {
            return Outcome.LOCKED;
        }
        Optional<Double> age = exports.secondsSinceLatest();
        if (age.isPresent() && age.get() < minimumAge.toMillis() / 1000.0) {
            return Outcome.NOT_DUE;
        }
        if (age.isPresent() && age.get() < 1) {
            // Prefixes are named by the second: never two exports in one.
            return Outcome.NOT_DUE;
        }
        Instant createdAt = exports.now().truncatedTo(ChronoUnit.MILLIS);
        String prefix = ExportManifest.prefixOf(createdAt);

        // First pass: the content's checksum only (the JSONL bytes, streamed through the digest), so that an export
        // that would repeat the last one writes nothing. Second pass (the same snapshot, so the same rows): the parts,
        // each uploaded as soon as it is full, so no more than one part is ever in memory.
        MessageDigest content = ExportFiles.sha256Digest();
        exports.scanAccepted(config.exportSalt(), page -> {
            for (ExportRow row : page) {
                content.update(ExportFiles.json(row));
                content.update((byte) '\n');
            }
        });
        String contentSha256 = HexFormat.of().formatHex(content.digest());
        if (exports.latestContentSha256().filter(contentSha256::equals).isPresent()) {
            return Outcome.UNCHANGED;
        }

        List<ExportManifest.Part> written = new ArrayList<>();
        ExportParts parts = new ExportParts(config.export().partMaxRows(), config.export().partMaxBytes(), part -> {
            ExportManifest.PartFile parquetFile = file(prefix, ExportManifest.parquetName(part.number()),
                    part.parquet());
            ExportManifest.PartFile jsonlFile = file(prefix, ExportManifest.jsonlName(part.number()), part.jsonl());
            objects.put(parquetFile.key(), part.parquet(), "application/vnd.apache.parquet");
            objects.put(jsonlFile.key(), part.jsonl(), "application/x-ndjson");
            written.add(new ExportManifest.Part(part.number(), part.rows(), parquetFile, jsonlFile));
        });
        exports.scanAccepted(config.exportSalt(), page -> page.forEach(parts::add));
        parts.finish();
        long rows = written.stream().mapToLong(ExportManifest.Part::rows).sum();
        ExportManifest manifest = new ExportManifest(ExportColumns.SCHEMA_VERSION, UUID.randomUUID().toString(),
                createdAt, objects.bucket(), prefix, rows, contentSha256, ExportManifest.Filters.ACCEPTED_ONLY,
                written, prefix + ExportManifest.DATA_CARD, ExportColumns.COLUMNS);
        byte[] manifestJson = ExportFiles.prettyJson(manifest);
        objects.put(manifest.dataCard(), DataCard.render(manifest).getBytes(StandardCharsets.UTF_8),
                "text/markdown; charset=utf-8");
        objects.put(prefix + ExportManifest.MANIFEST, manifestJson, "application/json");
        objects.put(ExportManifest.LATEST_KEY, ExportFiles.prettyJson(manifest.latest()), "application/json");
        exports.record(manifest, new String(manifestJson, StandardCharsets.UTF_8));
        LOG.infof("research export %s: %d accepted ratings in %d part(s)", prefix, rows, written.size());
        return Outcome.EXPORTED;
    }

    private static ExportManifest.PartFile file(String prefix, String name, byte[] bytes) {
        return new ExportManifest.PartFile(name, prefix + name, bytes.length, ExportFiles.sha256(bytes));
    }
}
