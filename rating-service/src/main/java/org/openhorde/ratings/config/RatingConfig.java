package org.openhorde.ratings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** rating-service's knobs; the defaults are the AI Horde's where it has one. */
@ConfigMapping(prefix = "horde.ratings")
public interface RatingConfig {

    /** Centikudos per accepted rating of a registered rater (AI Horde: 5 kudos). */
    @WithDefault("500")
    long rewardPerRating();

    /** Centikudos more when the rating scores artifacts (AI Horde: +5 kudos). */
    @WithDefault("500")
    long artifactsBonus();

    /**
     * Centikudos for a requester's best-of pick among their own request's images when no rating decides it (AI Horde:
     * 15 kudos).
     */
    @WithDefault("1500")
    long bestOfReward();

    /** The kudos snapshot of an anonymous rater, in centikudos (the AI Horde's export marks anonymous with -50). */
    @WithDefault("-5000")
    long anonymousKudos();

    /** Salt of the rater hashes in the export. Every installation sets its own: HORDE_RATINGS_EXPORT_SALT. */
    @WithDefault("openhorde-local-development-export-salt")
    String exportSalt();

    /** How long a {@code /rating/new} URL stays valid. */
    @WithDefault("30m")
    Duration urlTtl();

    /** The dataset shared generations enter, and the one {@code /rating/new} serves when none is named. */
    @WithDefault("horde-shared")
    String sharedDatasetName();

    SampleDataset sampleDataset();

    Integrity integrity();

    /** Rating integrity (decision 0034): control images, hand-outs, the review that judges raters. */
    interface Integrity {
        /** Share of {@code /rating/new} answers that are control images for a rater already judged. */
        @WithDefault("0.1")
        double controlShare();

        /** The same while a rater is still under evaluation, so that the evidence comes quickly. */
        @WithDefault("0.5")
        double controlShareEvaluating();

        /** A rating sooner than this after its hand-out is too fast to be a look at the image. */
        @WithDefault("1000")
        long minMillisToRate();

        /** How often the review recomputes every rater's reliability (one replica at a time). */
        @WithDefault("5s")
        String reviewInterval();
    }

    Store store();

    Export export();

    Imports imports();

    /**
     * Dataset imports (decision 0040): images named by a manifest are fetched with the kit's safe fetcher (https,
     * public addresses only, size-capped while streaming) into the datasets bucket.
     */
    interface Imports {
        /** Largest image, in bytes (storage-service's source images: 5 MiB). */
        @WithDefault("5242880")
        int maxImageBytes();

        /** Largest manifest, in bytes (it is read whole: 64 MiB is about 300 000 JSONL rows of a URL and a caption). */
        @WithDefault("67108864")
        int maxManifestBytes();

        /** Most entries one manifest may hold; a larger dataset is imported as several manifests. */
        @WithDefault("500000")
        int maxEntries();

        @WithDefault("2s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration readTimeout();

        /** How long fetching one image may take in all, redirects included. */
        @WithDefault("30s")
        Duration callTimeout();

        /** How long fetching the manifest may take in all. */
        @WithDefault("2m")
        Duration manifestCallTimeout();

        @WithDefault("3")
        int maxRedirects();

        /** How often a running import logs its progress (its counts are in the status route at every entry). */
        @WithDefault("10s")
        Duration progressLogInterval();

        /** Host names fetched whatever they resolve to (an operator's private image host; a test's server). */
        Optional<java.util.List<String>> allowedHosts();

        /** A PKCS12 store of certificates trusted besides the JVM's CAs (a private CA; a test's certificate). */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();
    }

    /** The scheduled research export (decision 0033). */
    interface Export {
        @WithDefault("true")
        boolean enabled();

        /**
         * How often an export is made (when the accepted ratings changed since the last). Every replica's scheduler
         * fires this often; the first to take the lock exports, the others find it not yet due.
         */
        @WithDefault("1h")
        Duration interval();

        /** Rows per part (one Parquet and one JSONL file each), so no file outgrows a reader's memory. */
        @WithDefault("100000")
        int partMaxRows();

        /**
         * Bytes per part (of its JSONL file, the larger of the two): a part closes at whichever of this and
         * {@link #partMaxRows()} it reaches first, so a part never outgrows what one PUT holds in memory.
         */
        @WithDefault("134217728")
        long partMaxBytes();

        /**
         * How many exports stay in the bucket: after each export, older ones' parts, manifests and data cards are
         * deleted (and their rows, so {@code /api/v1/download/} never names a deleted file). At least 1.
         */
        @WithDefault("24")
        int keep();

        /** How long a {@code /api/v1/download/...} redirect's presigned URL stays valid. */
        @WithDefault("15m")
        Duration urlTtl();
    }

    /** The generated sample dataset, so a fresh horde has something to rate. */
    interface SampleDataset {
        @WithDefault("true")
        boolean enabled();

        /** How many images (the issue asks for a few hundred). */
        @WithDefault("256")
        int size();

        /** Their side in pixels. */
        @WithDefault("256")
        int side();

        /** When to make it, after start (it is made once; later starts find it). */
        @WithDefault("2s")
        Duration delay();
    }

    /** The object store (S3): the same store and credentials storage-service uses. */
    interface Store {
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        /** Where clients reach the store, when that is another host name: presigned URLs are signed for it. */
        Optional<String> publicEndpoint();

        @WithDefault("minioadmin")
        String accessKey();

        @WithDefault("minioadmin")
        String secretKey();

        @WithDefault("us-east-1")
        String region();

        /** The bucket of imported and sample datasets' images; ${horde.env}-datasets. */
        String datasetBucket();

        /** storage-service's shared bucket, ${horde.env}-shared: the research exports go under its exports/. */
        String sharedBucket();
    }
}
