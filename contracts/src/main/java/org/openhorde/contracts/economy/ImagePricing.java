package org.openhorde.contracts.economy;

import java.util.List;
import java.util.Set;
import org.openhorde.contracts.events.ImageParams;

/**
 * The price of one image: what its worker's owner earns, before the horde tax.
 *
 * <p>This is the AI Horde's closed-form ("legacy") price model, a function of resolution and steps only:
 * {@code r = ((w·h − 64²)^1.75) / ((1024² − 64²)^1.75)}, {@code price = round(0.1232·steps + r·0.1232·steps·8.75, 2)},
 * then ×1.2 per post-processor, ×3 with ControlNet (unless only the control map is returned), +3 per LoRA, +1 if
 * any textual inversion is used, ×1.3 for img2img and its siblings. The AI Horde prices with a neural network whose
 * weights we do not ship; see docs/decisions/0003-economy.md.
 *
 * <p>The formula is computed in {@code double} (it is irrational) and rounded once, to exact centikudos.
 */
public final class ImagePricing {

    private static final double MIN_AREA = 64.0 * 64.0;
    private static final double REFERENCE_AREA_SPAN = Math.pow(1024.0 * 1024.0 - MIN_AREA, 1.75);
    private static final double STEP_COST = 0.1232;
    private static final double AREA_WEIGHT = 8.75;
    private static final double POST_PROCESSOR_FACTOR = 1.2;
    private static final double CONTROLNET_FACTOR = 3.0;
    private static final double SOURCE_IMAGE_FACTOR = 1.3;
    private static final long PER_LORA = Centikudos.ofKudos(3);
    private static final long WITH_TEXTUAL_INVERSIONS = Centikudos.ofKudos(1);

    /** Second-order samplers run the model twice per step. */
    private static final Set<String> SECOND_ORDER_SAMPLERS =
            Set.of("k_heun", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a", "k_dpmpp_sde");

    private ImagePricing() {
    }

    /** The base price of resolution × steps, in centikudos. */
    public static long basePrice(int width, int height, int steps) {
        double area = (double) width * height;
        double relativeArea = Math.pow(Math.max(0.0, area - MIN_AREA), 1.75) / REFERENCE_AREA_SPAN;
        double kudos = STEP_COST * steps + relativeArea * STEP_COST * steps * AREA_WEIGHT;
        return Math.round(kudos * Centikudos.PER_KUDO);
    }

    /** The price of one image of this request, in centikudos. */
    public static long pricePerImage(ImageParams params, boolean hasSourceImage) {
        double price = basePrice(params.width(), params.height(), params.steps());
        List<String> postProcessors = params.postProcessing() == null ? List.of() : params.postProcessing();
        for (int i = 0; i < postProcessors.size(); i++) {
            price *= POST_PROCESSOR_FACTOR;
        }
        if (params.controlType() != null && !params.returnControlMap()) {
            price *= CONTROLNET_FACTOR;
        }
        if (hasSourceImage) {
            price *= SOURCE_IMAGE_FACTOR;
        }
        long total = Math.round(price);
        if (params.loras() != null) {
            total += PER_LORA * params.loras().size();
        }
        if (params.tis() != null && !params.tis().isEmpty()) {
            total += WITH_TEXTUAL_INVERSIONS;
        }
        return total;
    }

    /** Steps as the GPU experiences them: second-order samplers count double. */
    public static int accurateSteps(String samplerName, int steps) {
        return SECOND_ORDER_SAMPLERS.contains(samplerName) ? steps * 2 : steps;
    }
}
