package org.openhorde.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr while a phase runs: elapsed time, what was done, its rate, errors so far. Redrawn in
 * place on a terminal; into a log (CI) one plain line every five seconds instead.
 */
final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final int LOG_EVERY_TICKS = 20;

    private final PrintStream out;
    private final boolean terminal;
    private int ticks;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile Phase phase;

    private record Phase(String name, long start, long end, LongSupplier done, LongSupplier errors) {
    }

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        ticker.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
    }

    void phase(String name, long startNanos, long endNanos, LongSupplier done, LongSupplier errors) {
        phase = new Phase(name, startNanos, endNanos, done, errors);
    }

    void note(String line) {
        synchronized (out) {
            out.print((terminal ? "\r\033[K" : "") + line + "\n");
            out.flush();
        }
    }

    /** Draws the phase's final state and ends its line. */
    void done() {
        ticks = 0;
        draw();
        synchronized (out) {
            if (terminal) {
                out.println();
            }
        }
        phase = null;
    }

    private void draw() {
        Phase p = phase;
        if (p == null || (!terminal && ticks++ % LOG_EVERY_TICKS != 0)) {
            return;
        }
        long now = System.nanoTime();
        double elapsed = Math.max(0, (now - p.start()) / 1e9);
        double total = (p.end() - p.start()) / 1e9;
        int filled = (int) Math.min(WIDTH, Math.round(elapsed / total * WIDTH));
        long done = p.done().getAsLong();
        String line = String.format((terminal ? "\r\033[K" : "")
                + "%-10s [%s%s] %5.1f/%.0f s  %,d done (%,.0f/s)  errors %d", p.name(), "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.min(elapsed, total), total, done,
                elapsed > 0 ? done / elapsed : 0.0, p.errors().getAsLong());
        synchronized (out) {
            out.print(terminal ? line : line + "\n");
            out.flush();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
