package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flood mode's command line: the GenAlt numbers by default, shrinkable, loopback only. */
class FloodOptionsTest {

    @Test
    void defaultsAreTheGenAltStory() {
        assertTrue(FloodOptions.wanted("--horde-url", "http://127.0.0.1:1", "--flood"));
        assertFalse(FloodOptions.wanted("--short"));
        FloodRun.Options o = FloodOptions.parse("--flood").run();
        // bursts of 500 every 2 s through the whole 90 s loaded phase: 45 of them
        assertEquals(22_500, o.anonymous());
        assertEquals(500, o.burst());
        assertEquals(50, o.pollers());
        assertEquals(Duration.ofSeconds(2), o.burstInterval());
        assertEquals(Duration.ofSeconds(60), o.warmup());
        assertEquals(Duration.ofSeconds(90), o.baseline());
        assertEquals(Duration.ofSeconds(90), o.loaded());
        // a loaded phase the seed's 4,000 outlast keeps them
        assertEquals(4000, FloodOptions.parse("--flood", "--loaded", "10").run().anonymous());
        assertEquals(1500, FloodOptions.parse("--flood", "--loaded", "7", "--anonymous", "1500").run().anonymous());
        assertTrue(o.cancelAnonymous());
        assertEquals("stable_diffusion", o.imageModel());
        assertNull(o.samplesOut());
    }

    @Test
    void shrinksAndRefusesWhatItCannotUse() {
        FloodOptions.Parsed p = FloodOptions.parse("--flood", "--anonymous=600", "--burst", "200", "--pollers", "10",
                "--baseline", "5", "--warmup", "0", "--keep-anonymous", "--json-out", "f.json",
                "--samples-out", "s.csv");
        assertEquals(600, p.run().anonymous());
        assertEquals(Duration.ofSeconds(5), p.run().baseline());
        assertEquals(Duration.ZERO, p.run().warmup());
        assertFalse(p.run().cancelAnonymous());
        assertEquals("f.json", p.jsonOut().toString());
        assertEquals("s.csv", p.run().samplesOut().toString());
        assertThrows(IllegalArgumentException.class, () -> FloodOptions.parse("--flood", "--bursts", "3"));
        assertThrows(IllegalArgumentException.class, () -> FloodOptions.parse("--flood", "--burst", "0"));
        assertThrows(IllegalArgumentException.class,
                () -> FloodOptions.parse("--flood", "--horde-url", "http://203.0.113.7:8080"));
    }

    @Test
    void latencyRatiosAreLoadedOverUnloaded() {
        org.HdrHistogram.Histogram unloaded = new org.HdrHistogram.Histogram(3);
        org.HdrHistogram.Histogram loaded = new org.HdrHistogram.Histogram(3);
        for (int i = 0; i < 100; i++) {
            unloaded.recordValue(10_000);
            loaded.recordValue(25_000);
        }
        FloodRun.Comparison c = FloodRun.Comparison.of("x", unloaded, loaded);
        assertEquals(10.0, c.unloaded().p50(), 0.01);
        assertEquals(2.5, c.p50Ratio(), 0.01);
        assertEquals(0, FloodRun.Comparison.of("x", new org.HdrHistogram.Histogram(3), loaded).p50Ratio());
    }

    @Test
    void aP99IsJudgedOnlyOnRowsOfEnoughSamplesAndAP50Always() {
        FloodRun.Comparison fewSlowTail = comparison(50, 10, 12, 10, 90); // p99 9x on 50 samples
        FloodRun.Comparison manyGood = comparison(200, 10, 15, 40, 70);
        FloodRun.Comparison manySlowTail = comparison(200, 10, 15, 40, 90);
        FloodRun.Comparison manySlowMedian = comparison(200, 10, 25, 40, 50);

        assertFalse(FloodRun.p99Judged(List.of(fewSlowTail, manyGood)));
        assertTrue(FloodRun.within2x(List.of(fewSlowTail, manyGood)), "p99s not judged: the p50s hold");
        assertTrue(FloodRun.p99Judged(List.of(manyGood, manySlowTail)));
        assertFalse(FloodRun.within2x(List.of(manyGood, manySlowTail)), "a judged p99 at 2.25x fails");
        assertTrue(FloodRun.within2x(List.of(manyGood)));
        assertFalse(FloodRun.within2x(List.of(fewSlowTail, manySlowMedian)), "a p50 at 2.5x fails, judged or not");
    }

    /** n samples per phase: all at the median but the top 2 %, which sit at the tail value (ms). */
    private static FloodRun.Comparison comparison(int n, long unloadedMedian, long loadedMedian, long unloadedTail,
                                                  long loadedTail) {
        org.HdrHistogram.Histogram unloaded = new org.HdrHistogram.Histogram(3);
        org.HdrHistogram.Histogram loaded = new org.HdrHistogram.Histogram(3);
        int tail = Math.max(1, n / 50);
        for (int i = 0; i < n; i++) {
            unloaded.recordValue((i < n - tail ? unloadedMedian : unloadedTail) * 1000);
            loaded.recordValue((i < n - tail ? loadedMedian : loadedTail) * 1000);
        }
        return FloodRun.Comparison.of("x", unloaded, loaded);
    }
}
