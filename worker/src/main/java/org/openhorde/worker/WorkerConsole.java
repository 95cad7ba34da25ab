package org.openhorde.worker;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The worker's console, like the AI Horde worker's: one status line on stderr, rewritten in place about once a
 * second on a terminal; in a log file (no terminal) the same line every ten seconds. Events get their own lines.
 */
final class WorkerConsole {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int LOG_EVERY = 10;

    /** The web console shows the latest events (troubles, refusals, stops). */
    static final int RECENT_EVENTS = 20;

    private final PrintStream out;
    private final Deque<String> recent = new ArrayDeque<>();
    private final boolean terminal;
    private String lastStatus = "";
    private int ticks;

    WorkerConsole(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void status(String line) {
        lastStatus = line;
        if (terminal) {
            out.print("\r\033[K" + line);
            out.flush();
        } else if (ticks++ % LOG_EVERY == 0) {
            out.println(stamp() + line);
        }
    }

    synchronized void event(String line) {
        if (recent.size() == RECENT_EVENTS) {
            recent.removeFirst();
        }
        recent.addLast(stamp() + line);
        print(line);
    }

    /** An event for the terminal only, never shown in the web console (the console's own token). */
    synchronized void terminalOnly(String line) {
        print(line);
    }

    private void print(String line) {
        if (terminal) {
            out.print("\r\033[K" + stamp() + line + "\n" + lastStatus);
        } else {
            out.println(stamp() + line);
        }
        out.flush();
    }

    /** The latest events, oldest first, each with its time. */
    synchronized List<String> recentEvents() {
        return List.copyOf(recent);
    }

    /** Ends the status line so that whatever prints next starts on a clean line. */
    synchronized void close() {
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private static String stamp() {
        return LocalTime.now().format(CLOCK) + " ";
    }
}
