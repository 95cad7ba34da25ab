package org.openhorde.deploy;

import java.nio.file.Path;

/**
 * The horde most ITs share: one {@link HordeLauncher} named "it" (environment {@code it}: schemas {@code it_*},
 * topics {@code it.*}, buckets {@code it-*}, ports 180xx), on the shared Kafka and S3. Started by the first IT that
 * asks for it, stopped when the test JVM ends.
 *
 * <p>Overridable ({@code -Dhorde.it.env}, {@code -Dhorde.it.port-base}) so that a second checkout can run its ITs
 * beside a horde that still holds the default ports; the defaults are what every IT and {@code ./horde test} use.
 */
public final class RunningHorde {

    private static final HordeLauncher.Builder SETTINGS = HordeLauncher.named("it", 18080)
            // Short enough for SharingIT to watch retention delete transient images (and the manifest grow); long
            // enough for any IT to fetch what it was just given.
            .serviceEnv("HORDE_STORAGE_RETENTION", "PT30S")
            .serviceEnv("HORDE_STORAGE_RETENTION_SWEEP", "PT2S")
            .serviceEnv("HORDE_STORAGE_EXPORT_INTERVAL", "PT2S")
            // Uptime rewards every 5 s of uptime instead of 600 s, so that WorkerRegistryIT sees one. Other ITs'
            // owners are untrusted, so their rewards wait in escrow and their balances stay as those ITs expect.
            .serviceEnv("HORDE_JOBS_UPTIME_REWARD_INTERVAL", "PT5S")
            // QueueInsightIT watches estimates and statistics change within seconds.
            .serviceEnv("HORDE_JOBS_QUEUE_SNAPSHOT_INTERVAL", "1s")
            .serviceEnv("HORDE_GATEWAY_STATS_CACHE", "PT1S")
            // InterrogationIT watches forms go back to the queue and interrogations expire within seconds.
            .serviceEnv("HORDE_INTERROGATIONS_GIVE_BACK_AFTER", "PT3S")
            .serviceEnv("HORDE_INTERROGATIONS_EXPIRY", "PT20S")
            .serviceEnv("HORDE_INTERROGATIONS_SWEEP_INTERVAL", "1s")
            // RequestLifecycleIT waits for a claim's time to live to run out. The AI Horde's is 30 s + 2 s per step
            // and megapixel, at least 150 s; here it is 40 s + the same, so the test's tiny image (64 x 64, 1 step)
            // is given back after 40 s instead of 150 s. An IT that holds claims longer asks for more steps: the
            // 512 x 512 x 40-step jobs ConcurrentPopIT holds to its end and ReferenceWorkerIT's worker holds across a
            // restart of every service live 120 s. The reaper looks every second instead of every 5 s.
            .serviceEnv("HORDE_JOBS_JOB_TTL_BASE_SECONDS", "40")
            .serviceEnv("HORDE_JOBS_JOB_TTL_MINIMUM_SECONDS", "40")
            .serviceEnv("HORDE_JOBS_REAPER_INTERVAL", "1s")
            // TextGenerationIT watches a scribe's claim go back to the queue and a text request expire within seconds
            // (text has lifetimes of its own, so image requests keep the AI Horde's).
            .serviceEnv("HORDE_JOBS_TEXT_JOB_TTL_SECONDS", "8")
            .serviceEnv("HORDE_JOBS_TEXT_REQUEST_TTL", "PT30S")
            // RatingIT rates shared images, RatingIntegrityIT's small community the sample (8 control images among
            // 48, enough that no rater of 16 ratings runs out of images); not the few hundred of a real horde.
            .serviceEnv("HORDE_RATINGS_SAMPLE_DATASET_SIZE", "48")
            .serviceEnv("HORDE_RATINGS_SAMPLE_DATASET_SIDE", "64")
            // WebhookIT's receivers are plain http servers in the test JVM (a real horde posts to https only).
            .serviceEnv("HORDE_WEBHOOKS_ALLOW_HTTP", "true")
            // InterrogationCacheIT's source is an https URL of a server in the test JVM, with a self-signed
            // certificate: storage-service trusts it and may fetch from its loopback address (a real horde: neither).
            .serviceEnv("HORDE_STORAGE_SOURCES_TRUST_STORE", LocalHttpsSource.keystore().toString())
            .serviceEnv("HORDE_STORAGE_SOURCES_TRUST_STORE_PASSWORD", LocalHttpsSource.PASSWORD)
            .serviceEnv("HORDE_STORAGE_SOURCES_ALLOWED_HOSTS", LocalHttpsSource.HOST)
            // DatasetImportIT's manifest and images are served the same way; rating-service's import trusts it too.
            .serviceEnv("HORDE_RATINGS_IMPORTS_TRUST_STORE", LocalHttpsSource.keystore().toString())
            .serviceEnv("HORDE_RATINGS_IMPORTS_TRUST_STORE_PASSWORD", LocalHttpsSource.PASSWORD)
            .serviceEnv("HORDE_RATINGS_IMPORTS_ALLOWED_HOSTS", LocalHttpsSource.HOST)
            // RatingIT watches the research export follow ratings and exclusions (an export is skipped when the
            // accepted ratings did not change, so this costs nothing while no IT rates).
            .serviceEnv("HORDE_RATINGS_EXPORT_INTERVAL", "PT2S")
            // RatingIntegrityIT watches the integrity review judge raters and a moderator's flag take effect: it
            // reviews every second instead of every 5 s (a full recompute of the IT horde's few hundred ratings
            // costs milliseconds).
            .serviceEnv("HORDE_RATINGS_INTEGRITY_REVIEW_INTERVAL", "1s")
            // ... and its honest raters "look" 0.4-0.6 s instead of a human's 1.3 s and more, so the too-fast
            // threshold is 0.3 s instead of 1 s: the community costs seconds, not minutes, and the rule still sets
            // apart the clickers, which do not wait at all.
            .serviceEnv("HORDE_RATINGS_INTEGRITY_MIN_MILLIS_TO_RATE", "300");

    public static final String ENV = SETTINGS.env();
    public static final String TOPIC_PREFIX = ENV + ".";
    public static final int PORT_BASE = SETTINGS.portBase();
    public static final String KAFKA = HordeLauncher.SHARED_KAFKA;
    public static final String S3 = HordeLauncher.SHARED_S3;

    private static RunningHorde instance;

    private final HordeLauncher launcher;

    private RunningHorde(HordeLauncher launcher) {
        this.launcher = launcher;
    }

    public static synchronized RunningHorde get() {
        if (instance == null) {
            HordeLauncher launcher = SETTINGS.start();
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close));
            instance = new RunningHorde(launcher);
        }
        return instance;
    }

    /** The launcher behind it, for what this facade does not offer (stop or kill a process, the logs dir...). */
    HordeLauncher launcher() {
        return launcher;
    }

    public String gatewayUrl() {
        return launcher.gatewayUrl();
    }

    public String serviceUrl(int portOffset) {
        return launcher.serviceUrl(portOffset);
    }

    /** The repository root: where the packaged worker and bench jars are. */
    public Path root() {
        return launcher.root();
    }

    /** This horde's HORDE_HOME: operator key, PID files, logs. */
    public Path home() {
        return launcher.home();
    }

    /** Stops and starts the services (not the infrastructure), as an operator's restart would. */
    public void restartServices() {
        launcher.restartServices();
    }

    public String operatorKey() {
        return launcher.operatorKey();
    }
}
