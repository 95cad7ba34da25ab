package org.openhorde.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A horde of its own for chaos tests: environment "chaos" (schemas {@code chaos_*}, topics {@code chaos.*}), ports
 * 181xx, and its own Kafka broker on 19092/19093 (started by {@code ./horde} from Maven artifacts, data under
 * {@code deploy/target/chaos-horde}), so that killing and restarting processes never disturbs the shared broker or
 * the {@link RunningHorde} other ITs use. PostgreSQL, Redis and S3 are the shared ones.
 */
final class ChaosHorde implements AutoCloseable {

    static final String ENV = "chaos";
    static final String TOPIC_PREFIX = "chaos.";
    static final int PORT_BASE = 18180;
    static final int KAFKA_PORT = 19092;
    static final String KAFKA = "127.0.0.1:" + KAFKA_PORT;
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final Path root;
    private final Path home;

    private ChaosHorde(Path root) {
        this.root = root;
        this.home = root.resolve("deploy/target/chaos-horde");
    }

    /** Stops what an earlier run left, wipes its broker data and schemas, and starts everything afresh. */
    static ChaosHorde start() {
        Path root = Path.of(System.getProperty("horde.root", "..")).toAbsolutePath().normalize();
        ChaosHorde horde = new ChaosHorde(root);
        horde.run("down");
        horde.resetEnvironment();
        horde.run("up", "--no-build");
        return horde;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + PORT_BASE;
    }

    String serviceUrl(int portOffset) {
        return "http://127.0.0.1:" + (PORT_BASE + portOffset);
    }

    String operatorKey() {
        try {
            return Files.readString(home.resolve("operator.key")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("./horde up writes the operator key", e);
        }
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no transaction finished. */
    void kill(String name) {
        ProcessHandle process = process(name);
        process.destroyForcibly();
        awaitExit(process, name);
    }

    /** SIGTERM and wait, as an operator's stop would (used for Kafka, which flushes its log on the way out). */
    void stop(String name) {
        ProcessHandle process = process(name);
        process.destroy();
        awaitExit(process, name);
    }

    /** Starts whatever of the horde is not running (the script checks each PID file). */
    void up() {
        run("up", "--no-build");
    }

    void infraUp() {
        run("infra-up");
    }

    @Override
    public void close() {
        run("down");
    }

    private ProcessHandle process(String name) {
        Path pidFile = home.resolve("run/" + name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip().split("\\s+")[0]);
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        } catch (IOException e) {
            throw new IllegalStateException("no PID file for " + name + " at " + pidFile, e);
        }
    }

    private static void awaitExit(ProcessHandle process, String name) {
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit", e);
        }
    }

    private void resetEnvironment() {
        Path kafkaData = home.resolve("data/kafka");
        if (Files.exists(kafkaData)) {
            try (Stream<Path> files = Files.walk(kafkaData)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot wipe " + kafkaData, e);
            }
        }
        try (Connection db = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement sql = db.createStatement()) {
            for (String schema : List.of("jobs", "kudos", "storage")) {
                sql.execute("drop schema if exists " + ENV + "_" + schema + " cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the chaos schemas", e);
        }
        try {
            RedisNamespace.clear("127.0.0.1", 6379, ENV); // see RunningHorde.resetEnvironment
        } catch (IOException e) {
            throw new IllegalStateException("cannot reset the chaos Redis keys", e);
        }
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("horde").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("horde-script.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("HORDE_HOME", home.toString());
        env.put("HORDE_ENV", ENV);
        env.put("HORDE_TOPIC_PREFIX", TOPIC_PREFIX);
        env.put("HORDE_PORT_BASE", Integer.toString(PORT_BASE));
        env.put("KAFKA_PORT", Integer.toString(KAFKA_PORT));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_PORT + 1));
        // LedgerChaosIT recomputes every balance from generation rewards alone: no uptime reward may fall due.
        env.put("HORDE_JOBS_UPTIME_REWARD_INTERVAL", "PT24H");
        try {
            Files.createDirectories(home);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./horde " + String.join(" ", args) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./horde " + String.join(" ", args) + " failed with "
                        + process.exitValue() + "; see " + home.resolve("horde-script.log") + " and "
                        + home.resolve("logs"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
