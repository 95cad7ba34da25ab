package org.openhorde.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the status line and the final summary report; updated by the pop loop and the job threads. */
final class WorkerStats {

    final AtomicLong delivered = new AtomicLong();
    /** Deliveries the horde confirmed as "already submitted": our earlier attempt went through, its answer was lost. */
    final AtomicLong confirmedEarlier = new AtomicLong();
    final AtomicLong faulted = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong earnedCentikudos = new AtomicLong();
    final AtomicLong megapixelstepsMilli = new AtomicLong();
    final AtomicLong inHand = new AtomicLong();
    final Map<String, String> current = new ConcurrentHashMap<>();
    volatile String hordeTrouble;
    /** What the horde answered to the latest pop, in words (the web console shows it). */
    volatile String lastHordeAnswer;
    final long startedNanos = System.nanoTime();

    /** Megapixelsteps per second since the start (the status line's speed). */
    double megapixelstepsPerSecond() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        return megapixelstepsMilli.get() / 1000.0 / seconds;
    }

    String summary() {
        return summary("images");
    }

    /** @param unit what was delivered: "images" or "forms" */
    String summary(String unit) {
        return String.format("%d %s delivered (%d confirmed as already submitted), %d given back as faulted, "
                        + "%d dropped, %.2f kudos earned", delivered.get(), unit, confirmedEarlier.get(), faulted.get(),
                dropped.get(), earnedCentikudos.get() / 100.0);
    }

    /** The interrogation mode's line: forms instead of images, no megapixelsteps. */
    String formsStatusLine(String name, String backend, int limit) {
        return statusLine(name, backend, limit, "forms");
    }

    /** The status line of a worker whose deliveries are {@code unit} (forms, texts), one result each. */
    String statusLine(String name, String backend, int limit, String unit) {
        StringBuilder line = new StringBuilder()
                .append('[').append(name).append(" · ").append(backend).append("] ")
                .append(unit).append(" done ").append(delivered.get())
                .append(" · kudos ").append(String.format("%.2f", earnedCentikudos.get() / 100.0))
                .append(" · in hand ").append(inHand.get()).append('/').append(limit);
        String trouble = hordeTrouble;
        if (trouble != null) {
            line.append(" · ").append(trouble);
        } else if (!current.isEmpty()) {
            line.append(" · now: ").append(String.join(", ", current.values()));
        } else {
            line.append(" · waiting for ").append(unit);
        }
        return line.toString();
    }

    String statusLine(String name, String backend, int limit) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        StringBuilder line = new StringBuilder()
                .append('[').append(name).append(" · ").append(backend).append("] ")
                .append("jobs done ").append(delivered.get())
                .append(" · kudos ").append(String.format("%.2f", earnedCentikudos.get() / 100.0))
                .append(" · in hand ").append(inHand.get()).append('/').append(limit)
                .append(String.format(" · %.2f MPS/s", megapixelstepsMilli.get() / 1000.0 / seconds));
        String trouble = hordeTrouble;
        if (trouble != null) {
            line.append(" · ").append(trouble);
        } else if (!current.isEmpty()) {
            line.append(" · now: ").append(String.join(", ", current.values()));
        } else {
            line.append(" · waiting for jobs");
        }
        return line.toString();
    }
}
