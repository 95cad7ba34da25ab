package org.openhorde.contracts;

import java.util.UUID;

/**
 * The declared "true" aesthetic score (1–10) of each image of OpenHorde's generated sample dataset. rating-service
 * settles its control images with it (decision 0034), and the bench's simulated community's honest raters perceive
 * it, noisily: one fact shared by the horde and the world the simulation plays, so it lives here, not in either.
 * It is a declaration for the sample and the simulation, not a judgement of the pictures.
 */
public final class SampleDatasetTruth {

    private SampleDatasetTruth() {
    }

    public static int score(UUID imageId) {
        long mixed = imageId.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ imageId.getLeastSignificantBits();
        mixed ^= mixed >>> 31;
        return 1 + (int) Math.floorMod(mixed, 10L);
    }
}
