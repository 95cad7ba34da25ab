package org.openhorde.worker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code java -jar worker.jar --api-key KEY --name NAME ...}: one reference worker until Ctrl-C or SIGTERM. */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(WorkerOptions.USAGE);
            return;
        }
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.err.print(WorkerOptions.USAGE);
            System.exit(64);
            return;
        }
        String version = version();
        String bridgeAgent = options.bridgeAgent(version);
        Backend backend = new ProceduralBackend(options.megapixelstepsPerSecond());
        WorkerConsole console = new WorkerConsole(System.err, System.console() != null);
        WorkerStats stats = new WorkerStats();
        HordeApi api = new HordeApi(options.hordeUrl(), options.apiKey(), bridgeAgent);
        ReferenceWorker worker = new ReferenceWorker(options, api, backend, console, stats, bridgeAgent);

        console.event("OpenHorde reference worker " + version + " '" + options.name() + "' -> " + options.hordeUrl());
        console.event("backend: " + backend.description()
                + " - it renders placeholder pictures, not model output");
        console.event("models " + options.models() + ", max_threads " + options.maxThreads() + ", queue_size "
                + options.queueSize() + ", amount " + options.amount() + ", max_pixels " + options.maxPixels()
                + ", nsfw " + options.nsfw());

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-line");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> console.status(
                stats.statusLine(options.name(), "procedural SIMULATOR", options.jobsInHandLimit())),
                0, 1, TimeUnit.SECONDS);

        // Ctrl-C and SIGTERM: no new jobs, deliver the ones in hand, then let the JVM end.
        Thread stopper = new Thread(() -> {
            try {
                console.event("stop requested: finishing the jobs in hand");
                worker.stop();
                ticker.shutdownNow();
                console.close();
                System.err.println("stopped cleanly: " + stats.summary());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        int exitCode = worker.run();
        if (exitCode != 0) {
            ticker.shutdownNow();
            console.close();
            System.err.println("stopped: " + stats.summary());
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException alreadyStopping) {
                // a signal arrived meanwhile; the hook finds nothing left to do
            }
            System.exit(exitCode);
        }
    }

    private static String version() {
        String version = WorkerMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
