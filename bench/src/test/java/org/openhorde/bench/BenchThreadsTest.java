package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BenchThreadsTest {

    @Test
    void eachThreadHasItsOwnLinuxIdWhoseRunQueueWaitCanBeRead() throws Exception {
        int mine = BenchThreads.nativeThreadId();
        AtomicInteger other = new AtomicInteger();
        AtomicLong otherWait = new AtomicLong(-2);
        BenchThreads.start("other", () -> {
            other.set(BenchThreads.nativeThreadId());
            otherWait.set(ProcessCpu.ownThreadRunQueueWait(other.get()));
        }).join();

        assertTrue(mine > 0);
        assertTrue(other.get() > 0);
        assertNotEquals(mine, other.get());
        assertTrue(ProcessCpu.ownThreadRunQueueWait(mine) >= 0);
        assertTrue(otherWait.get() >= 0, "read by another thread of this process while it ran");
        assertEquals(-1, ProcessCpu.ownThreadRunQueueWait(Integer.MAX_VALUE), "no such thread");
    }
}
