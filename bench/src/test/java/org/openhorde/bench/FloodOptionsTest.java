package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The flood mode's command line: the GenAlt numbers by default, shrinkable, loopback only. */
class FloodOptionsTest {

    @Test
    void defaultsAreTheGenAltStory() {
        assertTrue(FloodOptions.wanted("--horde-url", "http://127.0.0.1:1", "--flood"));
        assertFalse(FloodOptions.wanted("--short"));
        FloodRun.Options o = FloodOptions.parse("--flood").run();
        assertEquals(4000, o.anonymous());
        assertEquals(500, o.burst());
        assertEquals(50, o.pollers());
        assertEquals(Duration.ofSeconds(2), o.burstInterval());
        assertEquals(Duration.ofSeconds(20), o.warmup());
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
}
