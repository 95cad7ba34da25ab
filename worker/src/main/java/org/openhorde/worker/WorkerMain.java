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
        WorkerSettings settings;
        try {
            settings = WorkerSettings.load(args);
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.err.print(WorkerOptions.USAGE);
            System.exit(64);
            return;
        }
        WorkerOptions options = settings.current();
        String version = version();
        String bridgeAgent = options.bridgeAgent(version);
        WorkerConsole console = new WorkerConsole(System.err, System.console() != null);
        WorkerStats stats = new WorkerStats();
        HordeApi api = new HordeApi(options.hordeUrl(), options.apiKey(), bridgeAgent);

        // Both modes share the console, the stop handling and the exit codes; only the loop and its backend differ.
        Loop loop;
        WorkerLoop<?> workerLoop;
        java.util.function.Supplier<String> statusLine;
        String unit;
        String backendName;
        console.event("OpenHorde reference worker " + version + " '" + options.name() + "' -> " + options.hordeUrl());
        if (options.text()) {
            TextBackend backend = new SimulatedScribe(options.tokensPerSecond());
            TextWorker worker = new TextWorker(settings::current, api, backend, console, stats, bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            workerLoop = worker;
            statusLine = () -> stats.statusLine(options.name(), "scribe SIMULATOR",
                    settings.current().jobsInHandLimit(), "texts");
            unit = "texts";
            backendName = "scribe SIMULATOR";
            console.event("backend: " + backend.description());
            console.event("text worker: models " + options.models() + ", max_length " + options.maxLength()
                    + ", max_context_length " + options.maxContextLength() + ", max_threads " + options.maxThreads()
                    + ", queue_size " + options.queueSize() + ", amount " + options.amount());
        } else if (options.interrogation()) {
            InterrogationBackend backend = new SimulatedAnalyser(() -> settings.current().secondsPerForm());
            InterrogationWorker worker = new InterrogationWorker(settings::current, api, backend, console, stats,
                    bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            workerLoop = worker;
            statusLine = () -> stats.formsStatusLine(options.name(), "analyser SIMULATOR",
                    settings.current().jobsInHandLimit());
            unit = "forms";
            backendName = "analyser SIMULATOR";
            console.event("backend: " + backend.description()
                    + " - it measures pixels, it does not understand them");
            console.event("interrogation worker: forms " + options.forms() + ", max_threads " + options.maxThreads()
                    + ", queue_size " + options.queueSize() + ", max_tiles " + options.maxTiles());
        } else {
            Backend backend = new ProceduralBackend(() -> settings.current().megapixelstepsPerSecond());
            ReferenceWorker worker = new ReferenceWorker(settings::current, api, backend, console, stats, bridgeAgent);
            loop = new Loop(worker::run, worker::stop);
            workerLoop = worker;
            statusLine = () -> stats.statusLine(options.name(), "procedural SIMULATOR",
                    settings.current().jobsInHandLimit());
            unit = "images";
            backendName = "procedural SIMULATOR";
            console.event("backend: " + backend.description()
                    + " - it renders placeholder pictures, not model output");
            console.event("models " + options.models() + ", max_threads " + options.maxThreads() + ", queue_size "
                    + options.queueSize() + ", amount " + options.amount() + ", max_pixels " + options.maxPixels()
                    + ", nsfw " + options.nsfw());
        }

        if (settings.file() != null) {
            console.event("settings file " + settings.file() + (java.nio.file.Files.exists(settings.file())
                    ? " (its values win over the command line's)" : " (created by the first change in the web console)"));
        }
        WebConsole webConsole = null;
        if (options.console()) {
            try {
                webConsole = new WebConsole(settings, workerLoop, stats, console, api, WebConsole.newToken(), unit,
                        backendName);
            } catch (java.io.UncheckedIOException e) {
                System.err.println("worker: " + e.getMessage());
                System.exit(64);
                return;
            }
            webConsole.start();
            console.terminalOnly("web console: " + webConsole.url());
            console.terminalOnly("console token (every console call needs it): " + webConsole.url()
                    .substring(webConsole.url().indexOf("#token=") + "#token=".length()));
        }
        WebConsole openConsole = webConsole;

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
                if (openConsole != null) {
                    openConsole.close();
                }
                console.close();
                System.err.println("stopped cleanly: " + stats.summary(unit));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        int exitCode = loop.run().run();
        if (openConsole != null && exitCode == 0 && workerLoop.stopping() && stoppedFromConsole(stopper)) {
            // Stopped from the web console: everything in hand is delivered; end as a signal would end it.
            ticker.shutdownNow();
            openConsole.close();
            console.close();
            System.err.println("stopped cleanly: " + stats.summary(unit));
            System.exit(0);
        }
        if (openConsole != null) {
            openConsole.close();
        }
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

    /**
     * Whether the stop came from the web console rather than a signal: then the shutdown hook is not running and can
     * be removed (while a signal's stop is under way, removing it fails).
     */
    private static boolean stoppedFromConsole(Thread stopper) {
        try {
            return Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException signalStopUnderWay) {
            return false;
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
