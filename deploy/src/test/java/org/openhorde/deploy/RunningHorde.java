package org.openhorde.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged horde started exactly as {@code ./horde up} starts it, in its own environment ("it": schemas
 * {@code it_*}, topics {@code it.*}, buckets {@code it-*}, ports 180xx), sharing the test run's Kafka, S3,
 * PostgreSQL and Redis. One instance per JVM: started once, stopped when the test JVM ends.
 */
public final class RunningHorde {

    // Overridable (-Dhorde.it.env, -Dhorde.it.port-base) so that a second checkout can run its ITs beside a horde
    // that still holds the default ports; the defaults are what every IT and ./horde test use.
    public static final String ENV = System.getProperty("horde.it.env", "it");
    public static final String TOPIC_PREFIX = ENV + ".";
    public static final int PORT_BASE = Integer.getInteger("horde.it.port-base", 18080);
    public static final String KAFKA = "127.0.0.1:9092";
    public static final String S3 = "http://127.0.0.1:9000";

    private static RunningHorde instance;

    private final Path root;
    private final Path home;

    private RunningHorde(Path root) {
        this.root = root;
        this.home = root.resolve("deploy/target/it-horde");
    }

    public static synchronized RunningHorde get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("horde.root", "..")).toAbsolutePath().normalize();
            RunningHorde horde = new RunningHorde(root);
            horde.run("down");
            horde.resetEnvironment();
            horde.run("up", "--no-build");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> horde.run("down")));
            instance = horde;
        }
        return instance;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + PORT_BASE;
    }

    public String serviceUrl(int portOffset) {
        return "http://127.0.0.1:" + (PORT_BASE + portOffset);
    }

    /** The repository root: where the packaged worker and bench jars are. */
    public Path root() {
        return root;
    }

    /** This horde's HORDE_HOME: operator key, PID files, logs. */
    public Path home() {
        return home;
    }

    /** Stops and starts the four services (not the infrastructure), as an operator's restart would. */
    public void restartServices() {
        run("restart-services");
    }

    public String operatorKey() {
        try {
            return Files.readString(home.resolve("operator.key")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("./horde up writes the operator key", e);
        }
    }

    /**
     * Each run starts from empty schemas and topics, so that no request or event of an earlier run can reach this
     * run's workers.
     */
    private void resetEnvironment() {
        Properties kafka = new Properties();
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        try (Admin admin = Admin.create(kafka)) {
            Set<String> stale = new HashSet<>();
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (topic.startsWith(TOPIC_PREFIX)) {
                    stale.add(topic);
                }
            }
            if (!stale.isEmpty()) {
                admin.deleteTopics(stale).all().get(30, TimeUnit.SECONDS);
            }
            for (String service : List.of("api-gateway", "job-service", "kudos-service", "storage-service")) {
                String group = ENV + "." + service;
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException absentGroup) {
                    // a group that never existed is already clean
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reset the it topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement sql = db.createStatement()) {
            for (String schema : List.of("jobs", "kudos", "storage")) {
                sql.execute("drop schema if exists " + ENV + "_" + schema + " cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the it schemas", e);
        }
        try {
            // user ids start again from 1 in the new schemas: no earlier run's concurrency slots or read model may
            // meet them
            RedisNamespace.clear("127.0.0.1", 6379, ENV);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reset the it Redis keys", e);
        }
    }

    private void run(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("horde").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("HORDE_HOME", home.toString());
        env.put("HORDE_ENV", ENV);
        env.put("HORDE_TOPIC_PREFIX", TOPIC_PREFIX);
        env.put("HORDE_PORT_BASE", Integer.toString(PORT_BASE));
        // Short enough for SharingIT to watch retention delete transient images (and the manifest grow); long
        // enough for any IT to fetch what it was just given.
        env.put("HORDE_STORAGE_RETENTION", "PT30S");
        env.put("HORDE_STORAGE_RETENTION_SWEEP", "PT2S");
        env.put("HORDE_STORAGE_EXPORT_INTERVAL", "PT2S");
        // Uptime rewards every 5 s of uptime instead of 600 s, so that WorkerRegistryIT sees one. Other ITs' owners
        // are untrusted, so their rewards wait in escrow and their balances stay as those ITs expect.
        env.put("HORDE_JOBS_UPTIME_REWARD_INTERVAL", "PT5S");
        // QueueInsightIT watches estimates and statistics change within seconds.
        env.put("HORDE_JOBS_QUEUE_SNAPSHOT_INTERVAL", "1s");
        env.put("HORDE_GATEWAY_STATS_CACHE", "PT1S");
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./horde " + String.join(" ", args) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./horde " + String.join(" ", args) + " failed with "
                        + process.exitValue() + "; logs in " + home.resolve("logs"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
