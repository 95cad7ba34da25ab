package org.openhorde.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Fall-back PostgreSQL for a machine that has none: {@code ./horde up} runs this as its own process when nothing
 * answers on the PostgreSQL port. Data lives in the given directory, so it survives {@code down}/{@code up}.
 *
 * <p>Usage: {@code EmbeddedPostgresMain <port> <data-dir>}
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
            stopped.countDown();
        }));
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + " (user postgres, data " + dataDir + ")");
        stopped.await();
    }
}
