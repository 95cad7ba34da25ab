package org.openhorde.bench;

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
