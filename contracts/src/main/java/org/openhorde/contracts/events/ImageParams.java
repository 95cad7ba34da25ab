package org.openhorde.contracts.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * The generation parameters of an image request after defaults were applied (AI Horde {@code params}).
 * Decimal knobs are {@link BigDecimal} so that what the client sent is what the worker receives.
 */
public record ImageParams(
        String samplerName,
        BigDecimal cfgScale,
        BigDecimal denoisingStrength,
        BigDecimal hiresFixDenoisingStrength,
        int width,
        int height,
        int steps,
        int n,
        String seed,
        Integer seedVariation,
        boolean karras,
        boolean tiling,
        boolean hiresFix,
        Integer clipSkip,
        BigDecimal facefixerStrength,
        List<String> postProcessing,
        List<LoraSpec> loras,
        List<TiSpec> tis,
        String controlType,
        boolean imageIsControl,
        boolean returnControlMap,
        boolean transparent) {

    public long pixels() {
        return (long) width * height;
    }

    /** width × height × steps: the AI Horde's unit of image work. */
    public long pixelsteps() {
        return pixels() * steps;
    }
}
