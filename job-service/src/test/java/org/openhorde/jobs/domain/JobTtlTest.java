package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;

/** Pins the AI Horde's job time-to-live formula: 30 + accurate steps × 2 × (w·h / 512²), at least 150 s. */
class JobTtlTest {

    private final JobTtl ttl = new JobTtl(30, 150);

    private static ImageParams params(String sampler, int width, int height, int steps) {
        return new ImageParams(sampler, BigDecimal.valueOf(7), null, null, width, height, steps, 1, null, null,
                false, false, false, null, null, null, null, null, null, false, false, false);
    }

    @Test
    void smallJobsGetTheMinimum() {
        assertEquals(150, ttl.seconds(params("k_euler", 512, 512, 30)), "30 + 60 = 90 < 150");
    }

    @Test
    void largeJobsScaleWithPixelsAndSteps() {
        assertEquals(430, ttl.seconds(params("k_euler", 1024, 1024, 50)), "30 + 50 × 2 × 4");
        assertEquals(216, ttl.seconds(params("k_euler", 1024, 768, 31)), "30 + 31 × 2 × 3");
    }

    @Test
    void secondOrderSamplersCountTheirStepsTwice() {
        assertEquals(830, ttl.seconds(params("k_heun", 1024, 1024, 50)), "30 + 100 × 2 × 4");
    }

    @Test
    void fractionalSecondsAreRounded() {
        // 30 + 25 × 2 × (1000·1000 / 262144) = 220.7348...
        assertEquals(221, ttl.seconds(params("k_euler", 1000, 1000, 25)));
    }

    @Test
    void extraSlowWorkersGetThreeTimesAsLong() {
        assertEquals(450, ttl.seconds(params("k_euler", 512, 512, 30), true), "the minimum 150 × 3");
        assertEquals(1290, ttl.seconds(params("k_euler", 1024, 1024, 50), true), "430 × 3");
        assertEquals(430, ttl.seconds(params("k_euler", 1024, 1024, 50), false));
    }
}
