package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.events.ImageParams;

/** Pins the AI Horde's safe batch amount: the worker's amount, cut to its pixel budget, at least one. */
class BatchSizeTest {

    private static ImageParams params(int size, List<String> postProcessing, boolean transparent) {
        return new ImageParams("k_euler_a", BigDecimal.ONE, null, null, size, size, 30, 4, null, null, false, false,
                false, null, null, postProcessing, List.of(), List.of(), null, false, false, transparent);
    }

    @Test
    void smallImagesTakeTheWholeAmount() {
        assertEquals(4, BatchSize.safeAmount(1024L * 1024, 4, params(512, List.of(), false), false));
    }

    @Test
    void bigImagesAreCutToThePixelBudget() {
        assertEquals(1, BatchSize.safeAmount(1024L * 1024, 4, params(1024, List.of(), false), false));
        assertEquals(2, BatchSize.safeAmount(2048L * 2048, 2, params(1024, List.of(), false), false));
    }

    @Test
    void postProcessingAndTransparencyMakeImagesHeavier() {
        // 1024² / 3.5 × 8 / 512² = 9.1 → 8; with two post-processors / 1.8 → 5.1; transparent / 1.8 → 5.1
        assertEquals(8, BatchSize.safeAmount(1024L * 1024, 8, params(512, List.of(), false), false));
        assertEquals(5, BatchSize.safeAmount(1024L * 1024, 8, params(512, List.of("GFPGAN", "RealESRGAN_x4plus"),
                false), false));
        assertEquals(5, BatchSize.safeAmount(1024L * 1024, 8, params(512, List.of(), true), false));
    }

    @Test
    void disabledBatchingIsOneAtATime() {
        assertEquals(1, BatchSize.safeAmount(1024L * 1024, 4, params(512, List.of(), false), true));
    }
}
