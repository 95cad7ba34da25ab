package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins how a request's seed becomes the worker's: decimal as is, text hashed, none random, all below 2³². */
class SeedsTest {

    private static final long LIMIT = 1L << 32;

    @Test
    void decimalSeedIsUsedAsIs() {
        assertEquals(42, Seeds.resolve("42", new Random()));
        assertEquals(0, Seeds.resolve("0", new Random()));
        assertEquals(LIMIT - 1, Seeds.resolve("4294967295", new Random()));
    }

    @Test
    void hugeDecimalSeedIsFoldedBelowTwoToThe32() {
        assertEquals(2_874_452_364L, Seeds.resolve("12345678901234567890", new Random()));
    }

    @Test
    void textSeedIsHashedDeterministically() {
        assertEquals(7_627_107, Seeds.resolve("cat", new Random()), "'cat' as a little-endian number");
        assertEquals(Seeds.resolve("a lighthouse", new Random(1)), Seeds.resolve("a lighthouse", new Random(2)));
        assertNotEquals(Seeds.resolve("cat", new Random()), Seeds.resolve("dog", new Random()));
        long longText = Seeds.resolve("a much longer text seed that overflows", new Random());
        assertTrue(longText >= 0 && longText < LIMIT);
        long negative = Seeds.resolve("-1", new Random());
        assertTrue(negative >= 0 && negative < LIMIT, "a sign makes it text, never a negative seed");
    }

    @Test
    void missingSeedIsRandomBelowTwoToThe32() {
        assertEquals(Seeds.resolve(null, new Random(7)), Seeds.resolve("", new Random(7)));
        for (int i = 0; i < 1000; i++) {
            long seed = Seeds.resolve(null, new Random(i));
            assertTrue(seed >= 0 && seed < LIMIT, "seed " + seed);
        }
        assertNotEquals(Seeds.resolve(null, new Random(1)), Seeds.resolve(null, new Random(2)));
    }
}
