package org.openhorde.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The bench's load threads: daemons (a stuck call never keeps the bench alive), paced by nanosecond sleeps. */
final class BenchThreads {

    private BenchThreads() {
    }

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** This thread's Linux id (its {@code /proc/<pid>/task/<tid>} entry), or -1 where there is no such entry. */
    static int nativeThreadId() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>" for the thread that reads it
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    /** Sleeps that long (nothing for 0 or less); an interrupt ends the sleep and stays set for the caller. */
    static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
