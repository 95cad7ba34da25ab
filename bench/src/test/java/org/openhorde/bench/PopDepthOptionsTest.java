package org.openhorde.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pop-depth mode's command line: depths in order, loopback only, cleanup unless told to keep the queue. */
class PopDepthOptionsTest {

    @Test
    void depthsAndDefaults() {
        assertTrue(PopDepthOptions.wanted("--pop-depths", "1000,10000"));
        assertFalse(PopDepthOptions.wanted("--duration", "5"));
        PopDepthOptions.Parsed parsed = PopDepthOptions.parse("--pop-depths", "1000, 10000,100000",
                "--topic-prefix", "bench.", "--job-service-url", "http://127.0.0.1:18281");
        assertEquals(List.of(1000, 10000, 100000), parsed.run().depths());
        assertEquals("bench.", parsed.run().topicPrefix());
        assertEquals(1000, parsed.run().pops());
        assertEquals(500, parsed.run().warmupPops());
        assertEquals(0.3, parsed.run().unservedShare());
        assertTrue(parsed.run().cleanup());
        assertFalse(PopDepthOptions.parse("--pop-depths", "10", "--keep-queue").run().cleanup());
    }

    @Test
    void refusesRemoteServersAndUnknownOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> PopDepthOptions.parse("--pop-depths", "10", "--horde-url", "http://example.org"));
        assertThrows(IllegalArgumentException.class, () -> PopDepthOptions.parse("--pop-depths", "10", "--nope", "1"));
        assertThrows(IllegalArgumentException.class, () -> PopDepthOptions.parse("--pop-depths", "0"));
    }
}
