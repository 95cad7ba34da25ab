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
        WorkerConsole console = new WorkerConsole(System.err, System.console() != null);
        WorkerStats stats = new WorkerStats();
        HordeApi api = new HordeApi(options.hordeUrl(), options.apiKey(), bridgeAgent);

        // Both modes share the console, the stop handling and the exit codes; only the loop and its backend differ.
        Loop loop;
        java.util.function.Supplier<String> statusLine;
        String unit;
        console.event("OpenHorde reference worker " + version + " '" + options.name() + "' -> " + options.hordeUrl());
        if (options.text()) {
            TextBackend backend = new SimulatedScribe(options.tokensPerSecond());
            TextWorker worker = new TextWorker(options, api, backend, console, stats, bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            statusLine = () -> stats.statusLine(options.name(), "scribe SIMULATOR", options.jobsInHandLimit(),
                    "texts");
            unit = "texts";
            console.event("backend: " + backend.description());
            console.event("text worker: models " + options.models() + ", max_length " + options.maxLength()
                    + ", max_context_length " + options.maxContextLength() + ", max_threads " + options.maxThreads()
                    + ", queue_size " + options.queueSize() + ", amount " + options.amount());
        } else if (options.interrogation()) {
            InterrogationBackend backend = new SimulatedAnalyser(options.secondsPerForm());
            InterrogationWorker worker = new InterrogationWorker(options, api, backend, console, stats, bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            statusLine = () -> stats.formsStatusLine(options.name(), "analyser SIMULATOR", options.jobsInHandLimit());
            unit = "forms";
            console.event("backend: " + backend.description()
                    + " - it measures pixels, it does not understand them");
            console.event("interrogation worker: forms " + options.forms() + ", max_threads " + options.maxThreads()
                    + ", queue_size " + options.queueSize() + ", max_tiles " + options.maxTiles());
        } else {
            Backend backend = new ProceduralBackend(options.megapixelstepsPerSecond());
            ReferenceWorker worker = new ReferenceWorker(options, api, backend, console, stats, bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            statusLine = () -> stats.statusLine(options.name(), "procedural SIMULATOR", options.jobsInHandLimit());
            unit = "images";
            console.event("backend: " + backend.description()
                    + " - it renders placeholder pictures, not model output");
            console.event("models " + options.models() + ", max_threads " + options.maxThreads() + ", queue_size "
                    + options.queueSize() + ", amount " + options.amount() + ", max_pixels " + options.maxPixels()
                    + ", nsfw " + options.nsfw());
        }

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-line");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> console.status(statusLine.get()), 0, 1, TimeUnit.SECONDS);

        // Ctrl-C and SIGTERM: no new jobs, deliver the ones in hand, then let the JVM end.
        Thread stopper = new Thread(() -> {
            try {
                console.event("stop requested: finishing the " + unit + " in hand");
                loop.stop().run();
                ticker.shutdownNow();
                console.close();
                System.err.println("stopped cleanly: " + stats.summary(unit));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        int exitCode = loop.run().run();
        if (exitCode != 0) {
            ticker.shutdownNow();
            console.close();
            System.err.println("stopped: " + stats.summary(unit));
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException alreadyStopping) {
                // a signal arrived meanwhile; the hook finds nothing left to do
            }
            System.exit(exitCode);
        }
    }

    /** A worker loop of either mode: run until stopped or refused; stop = deliver what is in hand, then return. */
    private record Loop(Running run, Stopping stop) {
    }

    @FunctionalInterface
    private interface Running {
        int run() throws InterruptedException;
    }

    @FunctionalInterface
    private interface Stopping {
        void run() throws InterruptedException;
    }

    private static String version() {
        String version = WorkerMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
