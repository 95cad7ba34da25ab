package org.openhorde.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;

/**
 * The packaged horde of an IT, run through {@code ./horde} exactly as an operator runs it, in an environment of its
 * own: schemas {@code <env>_*}, topics {@code <env>.*}, buckets {@code <env>-*}, Redis keys {@code <env>:*}, ports
 * from its port base, and its state (operator key, PID files, logs) in {@code deploy/target/<env>-horde}.
 *
 * <p>PostgreSQL and Redis are always the shared ones. Kafka and S3 are the shared ones too, unless a test has to stop
 * or kill them: then {@link Builder#ownKafka} / {@link Builder#ownS3} give the horde a broker or store of its own,
 * which {@code ./horde} starts from Maven artifacts because nothing answers on their ports, so that stopping it never
 * disturbs anyone else.
 *
 * <p>Every setting an IT chooses is overridable by system properties named after the launcher's name, so that a second
 * checkout (or a developer beside CI) runs the same ITs without touching the default ports: {@code horde.<name>.env},
 * {@code horde.<name>.port-base}, {@code horde.<name>.kafka-port} (its controller listens one above),
 * {@code horde.<name>.s3-port}.
 */
final class HordeLauncher implements AutoCloseable {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String SHARED_KAFKA = "127.0.0.1:9092";
    static final String SHARED_S3 = "http://127.0.0.1:9000";
    private static final String REDIS_HOST = "127.0.0.1";
    private static final int REDIS_PORT = 6379;
    private static final Set<String> INFRASTRUCTURE = Set.of("kafka", "s3proxy", "postgres", "redis");

    private final Path root;
    private final String env;
    private final int portBase;
    private final Integer ownKafkaPort;
    private final Integer ownS3Port;
    private final List<String> services;
    private final int replicas;
    private final int workers;
    private final int interrogators;
    private final Map<String, String> serviceEnv;
    private final boolean scriptOutputToFile;
    private final Path home;

    private HordeLauncher(Builder builder) {
        this.root = Path.of(System.getProperty("horde.root", "..")).toAbsolutePath().normalize();
        this.env = builder.env;
        this.portBase = builder.portBase;
        this.ownKafkaPort = builder.ownKafkaPort;
        this.ownS3Port = builder.ownS3Port;
        this.services = List.copyOf(builder.services);
        this.replicas = builder.replicas;
        this.workers = builder.workers;
        this.interrogators = builder.interrogators;
        this.serviceEnv = Map.copyOf(builder.serviceEnv);
        this.scriptOutputToFile = builder.scriptOutputToFile;
        this.home = root.resolve("deploy/target/" + env + "-horde");
        if (!env.matches("[a-z0-9]+") || env.equals("horde")) {
            // the same rule as ResetEnvironmentMain: the reset below must never reach a developer's own data
            throw new IllegalArgumentException("an IT environment is lowercase letters and digits, not 'horde': " + env);
        }
    }

    /**
     * A horde named {@code name}: environment {@code horde.<name>.env} (default: the name itself) on port base
     * {@code horde.<name>.port-base} (default: {@code defaultPortBase}).
     */
    static Builder named(String name, int defaultPortBase) {
        return new Builder(name, System.getProperty("horde." + name + ".env", name),
                Integer.getInteger("horde." + name + ".port-base", defaultPortBase));
    }

    /** What an IT's horde consists of and how its services are configured; {@link #start()} launches it. */
    static final class Builder {
        private final String name;
        private final String env;
        private final int portBase;
        private Integer ownKafkaPort;
        private Integer ownS3Port;
        private final List<String> services = new ArrayList<>();
        private int replicas = 1;
        private int workers;
        private int interrogators;
        private final Map<String, String> serviceEnv = new LinkedHashMap<>();
        private boolean scriptOutputToFile;

        private Builder(String name, String env, int portBase) {
            this.name = name;
            this.env = env;
            this.portBase = portBase;
        }

        String env() {
            return env;
        }

        int portBase() {
            return portBase;
        }

        /** A Kafka broker of its own on {@code horde.<name>.kafka-port} (default given), controller one above. */
        Builder ownKafka(int defaultPort) {
            ownKafkaPort = Integer.getInteger("horde." + name + ".kafka-port", defaultPort);
            return this;
        }

        /** An S3Proxy of its own on {@code horde.<name>.s3-port} (default given). */
        Builder ownS3(int defaultPort) {
            ownS3Port = Integer.getInteger("horde." + name + ".s3-port", defaultPort);
            return this;
        }

        /** Only these services ({@code gateway}, {@code job-service}, ...; default: all of them). */
        Builder services(String... names) {
            services.addAll(List.of(names));
            return this;
        }

        /**
         * {@code count} instances of every service ({@code ./horde up --replicas}): replica r (from 1) is named
         * {@code <service>-r} from 2 on and listens on the port base + 10 × (r − 1) + the service's offset, so a horde
         * of two replicas uses twenty ports from its base. Each instance calls its own replica's services.
         */
        Builder replicas(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one replica, not " + count);
            }
            replicas = count;
            return this;
        }

        /** Also {@code count} reference workers ({@code ./horde up --with-workers}). */
        Builder workers(int count) {
            workers = count;
            return this;
        }

        /** Also {@code count} reference interrogation workers ({@code ./horde up --with-interrogators}). */
        Builder interrogators(int count) {
            interrogators = count;
            return this;
        }

        /** An environment variable every service starts with (a {@code HORDE_*} setting, a shorter interval...). */
        Builder serviceEnv(String variable, String value) {
            serviceEnv.put(variable, value);
            return this;
        }

        /**
         * The script's own output goes to {@code <home>/horde-script.log} instead of the test's output: for a test
         * that stops and starts processes often enough to drown its own report.
         */
        Builder scriptOutputToFile() {
            scriptOutputToFile = true;
            return this;
        }

        /**
         * Stops what an earlier run of this environment left, empties it ({@link #reset()}) and starts it. A start
         * that fails stops what it did start: no caller holds a launcher to close then.
         */
        HordeLauncher start() {
            HordeLauncher horde = new HordeLauncher(this);
            horde.run("down");
            horde.reset();
            try {
                horde.up();
            } catch (RuntimeException e) {
                try {
                    horde.close();
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            return horde;
        }
    }

    String env() {
        return env;
    }

    String topicPrefix() {
        return env + ".";
    }

    int portBase() {
        return portBase;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + portBase;
    }

    /** The gateway of replica {@code replica} (1 = {@link #gatewayUrl()}). */
    String gatewayUrl(int replica) {
        return serviceUrl(0, replica);
    }

    /** A service of replica {@code replica} (from 1) by its offset (see {@link #serviceUrl(int)}). */
    String serviceUrl(int portOffset, int replica) {
        return "http://127.0.0.1:" + (portBase + 10 * (replica - 1) + portOffset);
    }

    /** How many instances of every service run. */
    int replicas() {
        return replicas;
    }

    /**
     * A service by its offset from the port base: job-service +1, kudos-service +2, interrogation-service +3,
     * rating-service +4, storage-service +5.
     */
    String serviceUrl(int portOffset) {
        return "http://127.0.0.1:" + (portBase + portOffset);
    }

    /** The bootstrap address of the broker this horde's services use. */
    String kafka() {
        return ownKafkaPort == null ? SHARED_KAFKA : "127.0.0.1:" + ownKafkaPort;
    }

    /** The S3 endpoint this horde's services use. */
    String s3() {
        return ownS3Port == null ? SHARED_S3 : "http://127.0.0.1:" + ownS3Port;
    }

    /** The repository root: where the packaged services, worker and bench are. */
    Path root() {
        return root;
    }

    /** This horde's HORDE_HOME: operator key, PID files, logs, the data of its own Kafka or S3. */
    Path home() {
        return home;
    }

    Path logs() {
        return home.resolve("logs");
    }

    String operatorKey() {
        try {
            return Files.readString(home.resolve("operator.key")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("./horde up writes the operator key", e);
        }
    }

    /** Starts whatever of the horde is not running (the script checks each PID file). */
    void up() {
        List<String> args = new ArrayList<>(List.of("up", "--no-build"));
        if (workers > 0) {
            args.addAll(List.of("--with-workers", Integer.toString(workers)));
        }
        if (interrogators > 0) {
            args.addAll(List.of("--with-interrogators", Integer.toString(interrogators)));
        }
        run(args.toArray(String[]::new));
    }

    /** Stops and starts the services (not the infrastructure, not the workers), as an operator's restart would. */
    void restartServices() {
        run("restart-services");
    }

    /** Starts the services that are not running (the infrastructure and the topics are there already). */
    void startServices() {
        run("start-services");
    }

    /** Starts the infrastructure that is not running (of the horde's own: Kafka, S3Proxy). */
    void infraUp() {
        run("infra-up");
    }

    /**
     * Starts the named process again ({@code kafka}, {@code s3proxy}, {@code kudos-service}...) if it is down. A
     * service comes back through {@code ./horde start-services}, not {@code up}: its topics are there already, and
     * {@code up}'s topic check is one more JVM start competing with the restarting service for the CPU.
     */
    void start(String name) {
        if (INFRASTRUCTURE.contains(name)) {
            infraUp();
        } else {
            startServices();
        }
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no transaction finished. */
    void kill(String name) {
        ProcessHandle process = process(name);
        process.destroyForcibly();
        awaitExit(process, name);
    }

    /** SIGTERM and wait, as an operator's stop would (Kafka flushes its log on the way out, a service drains). */
    void stop(String name) {
        ProcessHandle process = process(name);
        process.destroy();
        awaitExit(process, name);
    }

    /** Stops everything this horde started. */
    @Override
    public void close() {
        run("down");
    }

    /**
     * Empties the environment, so that no request or event of an earlier run can reach this run's services and
     * workers: its schemas (the services' migrations recreate them), its Redis keys (user ids start again from 1 in
     * the new schemas: no earlier run's concurrency slots or read model may meet them), and its topics and consumer
     * groups — on the shared broker by deleting them, on a broker or store of its own by wiping their data (the
     * horde is down then).
     */
    void reset() {
        try (Connection db = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            ResetEnvironmentMain.dropSchemas(db, env);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the " + env + " schemas", e);
        }
        try {
            RedisNamespace.clear(REDIS_HOST, REDIS_PORT, env);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reset the " + env + " Redis keys", e);
        }
        if (ownKafkaPort == null) {
            deleteTopicsAndGroups();
        } else {
            wipe(home.resolve("data/kafka"));
        }
        if (ownS3Port != null) {
            wipe(home.resolve("data/s3"));
        }
    }

    private void deleteTopicsAndGroups() {
        Properties kafka = new Properties();
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SHARED_KAFKA);
        try (Admin admin = Admin.create(kafka)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith(topicPrefix())).collect(Collectors.toSet());
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            // The services' groups are "<env>.<service>"; observers' groups (EventTap) are not.
            Set<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS)
                    .stream().map(GroupListing::groupId).filter(group -> group.startsWith(topicPrefix()))
                    .collect(Collectors.toSet());
            for (String group : groups) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException vanished) {
                    // a group that is gone already is clean
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reset the " + env + " topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void wipe(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot wipe " + directory, e);
        }
    }

    /**
     * The process named by its PID file, checked as the script checks it: the PID file's second field (the marker
     * {@code ./horde} wrote) must be on that process's command line, so a recycled PID is never signalled.
     */
    private ProcessHandle process(String name) {
        Path pidFile = home.resolve("run/" + name + ".pid");
        String[] fields;
        try {
            fields = Files.readString(pidFile).strip().split("\\s+", 2);
        } catch (IOException e) {
            throw new IllegalStateException("no PID file for " + name + " at " + pidFile, e);
        }
        long pid = Long.parseLong(fields[0]);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
        String commandLine;
        try {
            commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") is not running", e);
        }
        if (fields.length < 2 || !commandLine.contains(fields[1])) {
            throw new IllegalStateException("pid " + pid + " is not " + name + ": " + commandLine);
        }
        return process;
    }

    private static void awaitExit(ProcessHandle process, String name) {
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit", e);
        }
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("horde").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        Path scriptLog = home.resolve("horde-script.log");
        if (scriptOutputToFile) {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog.toFile()));
        } else {
            builder.inheritIO();
        }
        Map<String, String> environment = builder.environment();
        environment.put("HORDE_HOME", home.toString());
        environment.put("HORDE_ENV", env);
        environment.put("HORDE_TOPIC_PREFIX", topicPrefix());
        environment.put("HORDE_PORT_BASE", Integer.toString(portBase));
        environment.put("HORDE_REPLICAS", Integer.toString(replicas));
        // Kafka's and S3Proxy's jars come from the repository's own .horde (where ./horde test resolved them for the
        // shared broker and store) instead of being resolved again into every IT horde's home: 20-30 s each.
        environment.put("HORDE_INFRA_CACHE", root.resolve(".horde/infra").toString());
        if (ownKafkaPort != null) {
            environment.put("KAFKA_PORT", Integer.toString(ownKafkaPort));
            environment.put("KAFKA_CONTROLLER_PORT", Integer.toString(ownKafkaPort + 1));
        }
        if (ownS3Port != null) {
            environment.put("S3_PORT", Integer.toString(ownS3Port));
        }
        if (!services.isEmpty()) {
            environment.put("HORDE_SERVICES", String.join(" ", services));
        }
        // Every IT drives its horde from this machine, far beyond the AI Horde's per-IP limits: 127.0.0.1 is the
        // operator's own client here, never limited (decision 0041). It is also a trusted proxy, so RateLimitIT's
        // clients can be told apart (and limited, or timed out) by the X-Forwarded-For address each one sends.
        environment.put("HORDE_GATEWAY_RATE_LIMITS_EXEMPT_IPS", "127.0.0.1,::1");
        environment.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        environment.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        environment.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
        // The script hands the environment down to the services it starts (an IT's own settings win).
        environment.putAll(serviceEnv);
        try {
            Files.createDirectories(home);
            Process process = builder.start();
            // Replicas start one after the other: each one may take what a whole horde takes.
            if (!process.waitFor(5L * replicas, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./horde " + String.join(" ", args) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./horde " + String.join(" ", args) + " failed with "
                        + process.exitValue() + "; logs in " + logs()
                        + (scriptOutputToFile ? ", the script's output in " + scriptLog : ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
