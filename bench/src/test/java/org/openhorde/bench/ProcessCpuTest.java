package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU from /proc: the stat line's fields, and a real sample of this JVM listed as a horde process. */
class ProcessCpuTest {

    @Test
    void statFieldsAreCountedAfterTheCommandName() {
        // a command name with a space and a parenthesis must not shift the fields
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 40 0 123456 "
                + "1000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcessCpu.Stat stat = ProcessCpu.parseStat(line);
        assertEquals(4242, stat.pid());
        assertEquals(1, stat.parent());
        assertEquals(300, stat.selfTicks());
        assertEquals(10, stat.childTicks());
        assertEquals(123456, stat.startTicks());
    }

    @Test
    void aBusyProcessFromTheRunDirectoryShowsItsCpu(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(ProcessCpu.available(), "Linux /proc");
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/gateway.pid"), ProcessHandle.current().pid() + " marker\n");
        ProcessCpu cpu = new ProcessCpu(home, Map.of());
        ProcessCpu.Sample before = cpu.sample();
        long until = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        ProcessCpu.Sample after = cpu.sample();
        double seconds = ProcessCpu.seconds(before, after).get("gateway");
        assertTrue(seconds >= 0.1 && seconds < 5, seconds + " s for 0.3 s of spinning (" + spin + ")");
        assertTrue(after.machineBusyTicks() - before.machineBusyTicks() >= 10, "the machine was busy too");
    }

    @Test
    void aThreadThatEndedInTheWindowTakesNothingOffTheOthersWaits() {
        ProcessCpu.ProcessId gateway = new ProcessCpu.ProcessId(100, 7);
        ProcessCpu.ThreadId retired = new ProcessCpu.ThreadId(gateway, 101);
        ProcessCpu.ThreadId stays = new ProcessCpu.ThreadId(gateway, 102);
        ProcessCpu.ThreadId born = new ProcessCpu.ThreadId(gateway, 103);
        ProcessCpu.Sample before = new ProcessCpu.Sample(0, Map.of(), Map.of("gateway",
                Map.of(retired, 5_000_000_000L, stays, 1_000_000_000L)), 0, 0, java.util.Set.of());
        ProcessCpu.Sample after = new ProcessCpu.Sample(1, Map.of(), Map.of("gateway",
                Map.of(stays, 3_000_000_000L, born, 500_000_000L)), 0, 0, java.util.Set.of());
        // 2 s more for the thread that stayed, 0.5 s for the one born; the retired pool thread's 5 s are not the window's
        assertEquals(2.5, ProcessCpu.runQueueWaitSeconds(before, after).get("gateway"), 1e-9);
    }

    @Test
    void schedstatsSecondFieldIsTheRunQueueWait() {
        assertEquals(31_345_868L, ProcessCpu.parseRunQueueWait("6583697 31345868 4\n"));
    }

    @Test
    void threadsThatOutnumberTheCoresWaitForOne(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(ProcessCpu.available() && Files.isReadable(Path.of("/proc/self/schedstat")),
                "Linux /proc with schedstat");
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/gateway.pid"), ProcessHandle.current().pid() + "\n");
        ProcessCpu cpu = new ProcessCpu(home, Map.of());
        ProcessCpu.Sample before = cpu.sample();
        // twice as many spinning threads as cores: on every core one of two is always ready but waiting
        int threads = Runtime.getRuntime().availableProcessors() * 2;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<Thread> spinners = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long spin = 0;
                while (!stop.get()) {
                    spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
                }
                if (spin == 42) {
                    System.out.print("");
                }
            });
            t.start();
            spinners.add(t);
        }
        ProcessCpu.Sample after;
        try {
            Thread.sleep(300);
            // read while the spinners live: an ended thread's wait is gone from /proc with it
            after = cpu.sample();
        } finally {
            stop.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
        double waited = ProcessCpu.runQueueWaitSeconds(before, after).get("gateway");
        assertTrue(waited >= 0.05, waited + " s waited by " + threads + " threads spinning 0.3 s on "
                + threads / 2 + " cores");
    }
}
