package org.openhorde.ratings.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.openhorde.contracts.HordeException;
import org.openhorde.ratings.config.ImportFetching;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.DatasetManifest;
import org.openhorde.ratings.domain.ExportFiles;
import org.openhorde.ratings.domain.ImportedImage;
import org.openhorde.ratings.domain.ImportedImage.ImageType;
import org.openhorde.ratings.domain.ManifestEntry;
import org.openhorde.ratings.repository.DatasetImports;
import org.openhorde.kit.fetch.SourceFetcher;

/**
 * Imports a dataset from a manifest (decision 0040): each entry's image is fetched with the kit's safe fetcher (or,
 * named by object key, found in the datasets bucket), checked to be a PNG, JPEG or WebP no larger than the cap,
 * stored in the datasets bucket and added as a rateable image. Entries are decided one by one — imported, skipped
 * (its image id is already in the dataset: a re-run) or failed (with the reason kept) — and the counts are in the
 * import's row after every entry, so the status route shows progress; the log shows it every few seconds.
 *
 * <p>Blocking work on this service's own two import threads, never the request threads. The sample dataset goes
 * through {@link #importEntries} too, with entries naming the objects it has drawn.
 */
@ApplicationScoped
public class DatasetImporter {

    private static final Logger LOG = Logger.getLogger(DatasetImporter.class);
    /** Failure reasons kept per import: enough to see what is wrong with a manifest, bounded for a broken one. */
    static final int FAILURES_KEPT = 100;
    /** An import that has not touched its row for this long lost its replica. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /** How an entry ended. */
    enum Outcome { IMPORTED, SKIPPED, FAILED }

    /** An entry's outcome, with the reason when it failed. */
    record Decision(Outcome outcome, String reason) {
        static final Decision IMPORTED = new Decision(Outcome.IMPORTED, null);
        static final Decision SKIPPED = new Decision(Outcome.SKIPPED, null);

        static Decision failed(String reason) {
            return new Decision(Outcome.FAILED, reason);
        }
    }

    /** What an operator asked for. */
    public record ImportRequest(String dataset, String description, String manifestUrl, Long requestedBy) {
    }

    private final DatasetImports imports;
    private final MinioClient minio;
    private final SourceFetcher images;
    private final SourceFetcher manifests;
    private final RatingConfig config;
    private final ExecutorService runner = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "dataset-import");
        thread.setDaemon(true);
        return thread;
    });

    DatasetImporter(DatasetImports imports, MinioClient minio, @Named(ImportFetching.IMAGES) SourceFetcher images,
                    @Named(ImportFetching.MANIFESTS) SourceFetcher manifests, RatingConfig config) {
        this.imports = imports;
        this.minio = minio;
        this.images = images;
        this.manifests = manifests;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        runner.execute(() -> {
            try {
                int interrupted = imports.interruptStale(STALE_AFTER);
                if (interrupted > 0) {
                    LOG.infof("%d dataset import(s) marked interrupted (no progress for %s)", interrupted,
                            STALE_AFTER);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("stale dataset imports not checked: %s", e.toString());
            }
        });
    }

    void onStop(@Observes ShutdownEvent stop) {
        runner.shutdownNow();
    }

    /**
     * Starts an import of the manifest at {@code request.manifestUrl()} into the dataset named {@code request.dataset()}
     * (created when new) and returns its id at once; the import runs in the background. Blocking (a few statements).
     */
    public UUID start(ImportRequest request) throws SQLException {
        String description = request.description() == null || request.description().isBlank()
                ? "Imported from " + request.manifestUrl() : request.description();
        // The column holds 1000 characters; a long manifest URL makes a longer generated description.
        description = description.length() <= 1000 ? description : description.substring(0, 999) + "…";
        UUID datasetId = imports.ensureDataset(DatasetCatalog.idOf(request.dataset()), request.dataset(), description);
        UUID importId = UUID.randomUUID();
        imports.start(importId, datasetId, request.manifestUrl(), request.requestedBy());
        LOG.infof("dataset import %s: %s into %s (%s), by user %s", importId, request.manifestUrl(),
                request.dataset(), datasetId, request.requestedBy());
        runner.execute(() -> run(importId, datasetId, request.dataset(), () -> {
            byte[] bytes = manifests.fetch("manifest_url", request.manifestUrl(),
                    "application/x-ndjson, application/vnd.apache.parquet, */*");
            return DatasetManifest.read(bytes);
        }));
        return importId;
    }

    /**
     * Imports {@code entries} into a dataset now, on the calling thread (the sample dataset's path); returns how many
     * images were added.
     */
    public int importEntries(UUID datasetId, String datasetName, String description, String manifest,
                             List<ManifestEntry> entries) throws SQLException {
        UUID dataset = imports.ensureDataset(datasetId, datasetName, description);
        UUID importId = UUID.randomUUID();
        imports.start(importId, dataset, manifest, null);
        return run(importId, dataset, datasetName, () -> entries).imported();
    }

    /** The counts of one run. */
    record Counts(int imported, int skipped, int failed) {
    }

    private Counts run(UUID importId, UUID datasetId, String datasetName, Supplier<List<ManifestEntry>> read) {
        try {
            return runEntries(importId, datasetId, datasetName, read);
        } finally {
            returnHeap();
        }
    }

    /**
     * One full collection after a bulk import (the sample at first start, an operator's manifest: rare, off every
     * request path). Hundreds of images fetched, drawn and uploaded leave their garbage promoted into the old
     * generation, and SerialGC gives heap back to the system only at a full collection, which an idle service never
     * has: without it rating-service idled at 320 MB RSS with 28 MB of its 175 MB old generation live. How much is
     * given back is the JVM's MaxHeapFreeRatio (./horde, the k8s manifests; decision 0046).
     */
    private static void returnHeap() {
        System.gc();
    }

    private Counts runEntries(UUID importId, UUID datasetId, String datasetName,
                              Supplier<List<ManifestEntry>> read) {
        AtomicInteger imported = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try {
            List<ManifestEntry> entries;
            try {
                entries = read.get();
                if (entries.size() > config.imports().maxEntries()) {
                    throw new IllegalArgumentException("the manifest has " + entries.size()
                            + " entries; at most " + config.imports().maxEntries()
                            + " per import (split it into several manifests)");
                }
            } catch (HordeException e) {
                return fail(importId, "the manifest could not be fetched: " + e.error().message());
            } catch (IllegalArgumentException e) {
                return fail(importId, "the manifest could not be read: " + e.getMessage());
            }
            imports.total(importId, entries.size());
            ensureBucket();
            long nextLog = System.nanoTime() + config.imports().progressLogInterval().toNanos();
            for (ManifestEntry entry : entries) {
                if (Thread.currentThread().isInterrupted()) {
                    return fail(importId, "the service stopped during the import; run it again to finish");
                }
                Decision decision = importEntry(datasetId, datasetName, entry);
                switch (decision.outcome()) {
                    case IMPORTED -> imported.incrementAndGet();
                    case SKIPPED -> skipped.incrementAndGet();
                    case FAILED -> {
                        if (failed.incrementAndGet() <= FAILURES_KEPT) {
                            imports.failure(importId, entry.id(), decision.reason());
                        }
                    }
                }
                imports.progress(importId, imported.get(), skipped.get(), failed.get());
                if (System.nanoTime() >= nextLog) {
                    LOG.infof("dataset import %s (%s): %d of %d entries decided, %d imported, %d skipped, %d failed",
                            importId, datasetName, imported.get() + skipped.get() + failed.get(), entries.size(),
                            imported.get(), skipped.get(), failed.get());
                    nextLog = System.nanoTime() + config.imports().progressLogInterval().toNanos();
                }
            }
            imports.finish(importId, "finished", null);
            LOG.infof("dataset import %s (%s) finished: %d imported, %d skipped, %d failed", importId, datasetName,
                    imported.get(), skipped.get(), failed.get());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("dataset import %s failed: %s", importId, e.toString());
            fail(importId, "the import stopped: " + e.getMessage());
        }
        return new Counts(imported.get(), skipped.get(), failed.get());
    }

    private Counts fail(UUID importId, String error) {
        try {
            imports.finish(importId, "failed", error);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("dataset import %s: its failure could not be recorded: %s", importId, e.toString());
        }
        LOG.infof("dataset import %s failed: %s", importId, error);
        return new Counts(0, 0, 0);
    }

    private Decision importEntry(UUID datasetId, String datasetName, ManifestEntry entry) throws SQLException {
        if (entry.id().length() > ImportedImage.MAX_ENTRY_ID) {
            return Decision.failed("id is longer than " + ImportedImage.MAX_ENTRY_ID + " characters");
        }
        UUID imageId = ImportedImage.imageId(datasetName, entry.id());
        if (imports.imageExists(imageId)) {
            return Decision.SKIPPED;
        }
        String metadata;
        try {
            metadata = ExportFiles.JSON.writeValueAsString(entry.metadata());
        } catch (JsonProcessingException e) {
            return Decision.failed("metadata cannot be stored as JSON");
        }
        String bucket = config.store().datasetBucket();
        String key;
        try {
            key = entry.url() != null ? fetchAndStore(datasetId, imageId, entry.url()) : vetObject(entry.objectKey());
        } catch (HordeException e) {
            return Decision.failed(e.error().message());
        } catch (IllegalArgumentException e) {
            return Decision.failed(e.getMessage());
        }
        return imports.addImage(imageId, datasetId, bucket, key, entry.id(), metadata)
                ? Decision.IMPORTED : Decision.SKIPPED;
    }

    private String fetchAndStore(UUID datasetId, UUID imageId, String url) {
        byte[] bytes = images.fetch("url", url);
        ImageType type = ImportedImage.sniff(bytes).orElseThrow(() ->
                new IllegalArgumentException("the URL's content is not a PNG, JPEG or WebP image"));
        String key = ImportedImage.objectKey(datasetId, imageId, type);
        try {
            minio.putObject(PutObjectArgs.builder().bucket(config.store().datasetBucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(type.contentType())
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("the datasets bucket refused an image: " + e, e);
        }
        return key;
    }

    /** An object the operator put in the datasets bucket: there, not larger than the cap, an image. */
    private String vetObject(String key) {
        Optional<String> problem = ImportedImage.objectKeyProblem(key);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String bucket = config.store().datasetBucket();
        try {
            StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            if (stat.size() > config.imports().maxImageBytes()) {
                throw new IllegalArgumentException("the object is larger than " + config.imports().maxImageBytes()
                        + " bytes");
            }
            byte[] head;
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                    .offset(0L).length(12L).build())) {
                head = in.readNBytes(12);
            }
            if (ImportedImage.sniff(head).isEmpty()) {
                throw new IllegalArgumentException("the object is not a PNG, JPEG or WebP image");
            }
            return key;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                throw new IllegalArgumentException("no object '" + key + "' in the datasets bucket");
            }
            throw new IllegalStateException("the datasets bucket could not be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the datasets bucket could not be read: " + e, e);
        }
    }

    private void ensureBucket() {
        String bucket = config.store().datasetBucket();
        try {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("the datasets bucket " + bucket + " cannot be made: " + e, e);
        }
    }
}
