package org.openhorde.ratings.service;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.openhorde.ratings.config.RatingConfig;
import org.openhorde.ratings.domain.ManifestEntry;
import org.openhorde.ratings.domain.SampleImages;
import org.openhorde.ratings.repository.RateableImage;

/**
 * Makes the generated sample dataset once per installation (a fresh horde has nothing shared yet, and the issue
 * wants something to rate): the images are drawn into the datasets bucket, then imported by object key through the
 * same {@link DatasetImporter} an operator's manifest goes through (decision 0040), so the sample is checked, counted
 * and shown in the imports' status like any dataset. A later start finds them all and does nothing; a start that
 * died half-way finishes the job (uploads are idempotent, and the import skips the images it already has).
 */
@ApplicationScoped
public class SampleDataset {

    private static final Logger LOG = Logger.getLogger(SampleDataset.class);
    static final String DESCRIPTION = "A generated sample: abstract compositions drawn by OpenHorde itself, so that a"
            + " fresh horde has something to rate.";

    private final RatingConfig config;
    private final MinioClient minio;
    private final DatasetImporter importer;

    SampleDataset(RatingConfig config, MinioClient minio, DatasetImporter importer) {
        this.config = config;
        this.minio = minio;
        this.importer = importer;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.sampleDataset().enabled()) {
            return;
        }
        // Off the start path: the service answers (and consumes shared images) while the sample is being drawn.
        CompletableFuture.delayedExecutor(config.sampleDataset().delay().toMillis(), TimeUnit.MILLISECONDS,
                Infrastructure.getDefaultWorkerPool()).execute(this::makeQuietly);
    }

    private void makeQuietly() {
        try {
            int added = make();
            if (added > 0) {
                LOG.infof("sample dataset %s: %d images added", SampleImages.DATASET_NAME, added);
            }
        } catch (Throwable e) {
            LOG.warnf("sample dataset not made (next start tries again): %s", e.toString());
        }
    }

    /** Blocking; returns how many images it added. */
    public int make() throws Throwable {
        int size = config.sampleDataset().size();
        long present = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                RateableImage.count("dataset.id", SampleImages.DATASET_ID)));
        if (present >= size) {
            settleControls(size);
            return 0;
        }
        String bucket = config.store().datasetBucket();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        List<ManifestEntry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] png = SampleImages.png(i, config.sampleDataset().side());
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(SampleImages.objectKey(i))
                    .stream(new ByteArrayInputStream(png), png.length, -1).contentType("image/png").build());
            // The entry id i gives the image id SampleImages.imageId(i) (ImportedImage.imageId: dataset name + id).
            entries.add(new ManifestEntry(Integer.toString(i), null, SampleImages.objectKey(i),
                    Map.of("generator", "openhorde-sample", "index", i, "side", config.sampleDataset().side())));
        }
        int added = importer.importEntries(SampleImages.DATASET_ID, SampleImages.DATASET_NAME, DESCRIPTION,
                "generated:" + SampleImages.DATASET_NAME, entries);
        settleControls(size);
        return added;
    }

    /**
     * Gives the sample's control images their settled score (decision 0034), also on installations whose sample
     * was drawn before control images existed. Blocking; returns how many it settled.
     */
    int settleControls(int size) throws Throwable {
        List<Object[]> controls = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (SampleImages.isControl(i)) {
                controls.add(new Object[] {SampleImages.imageId(i), SampleImages.controlScore(i)});
            }
        }
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Uni<Integer> settled = Uni.createFrom().item(0);
            for (Object[] control : controls) {
                settled = settled.flatMap(n -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("update rateable_images set control_score = :score"
                                + " where id = :id and control_score is null")
                        .setParameter("score", ((Integer) control[1]).shortValue())
                        .setParameter("id", control[0])
                        .executeUpdate()).map(updated -> n + updated));
            }
            return settled;
        }));
    }
}
