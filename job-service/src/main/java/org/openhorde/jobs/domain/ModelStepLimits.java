package org.openhorde.jobs.domain;

import java.util.Collection;
import java.util.Map;

/**
 * How many steps a worker with {@code limit_max_steps} takes on a model: the mean of the model's minimum and maximum
 * steps in the model reference, 20 and 40 for a model the reference gives none (AI Horde: {@code can_generate}).
 * Only three reference models name step limits (see the shared reference {@code image-models.md}); job-service has no
 * model catalog yet, so they are listed here.
 */
public final class ModelStepLimits {

    private static final int DEFAULT_MIN_STEPS = 20;
    private static final int DEFAULT_MAX_STEPS = 40;

    /** Model name to its reference {min_steps, max_steps}. */
    private static final Map<String, int[]> REFERENCE = Map.of(
            "DreamShaper XL", new int[] {3, 6},
            "Stable Cascade 1.0", new int[] {20, 30},
            "Flux.1-Schnell fp8 (Compact)", new int[] {3, 8});

    private ModelStepLimits() {
    }

    /** The most (accurate) steps a limited worker takes on this model; 30 unless the reference says otherwise. */
    public static double of(String model) {
        int[] minMax = REFERENCE.getOrDefault(model, new int[] {DEFAULT_MIN_STEPS, DEFAULT_MAX_STEPS});
        return (minMax[0] + minMax[1]) / 2.0;
    }

    /**
     * The lowest limit of these models: a request over the limit of any model it names is skipped, as is, for a
     * request that names none, one over the limit of any model the worker serves. {@code null} for no models.
     */
    public static Double lowest(Collection<String> models) {
        return models == null || models.isEmpty() ? null
                : models.stream().mapToDouble(ModelStepLimits::of).min().getAsDouble();
    }
}
