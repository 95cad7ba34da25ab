package org.openhorde.jobs.domain;

import java.util.List;
import java.util.Locale;
import org.openhorde.contracts.economy.ImagePricing;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.ImageRequestSpec;

/**
 * What an image request demands of the worker that takes it, read out of its spec once at intake so that the pop
 * query filters on plain columns (AI Horde: the SQL pre-filters of {@code get_sorted_wp_filtered_to_worker}).
 *
 * @param workerIds       the request's {@code workers}: the only workers allowed, or with {@code workerBlacklist}
 *                        the ones excluded
 * @param promptLower     the prompt in lower case, for the workers' blacklisted words
 * @param steps           steps as the GPU runs them (AI Horde {@code get_accurate_steps}): double for second-order
 *                        samplers, 40 for {@code k_dpm_adaptive}, which picks its own
 * @param stepLimit       the most steps a {@code limit_max_steps} worker takes on the request's models
 *                        ({@link ModelStepLimits#lowest}); {@code null} when it names none (the worker's models decide)
 * @param extraSourceImages the request has extra source images (a remix): only workers whose bridge takes them
 *                        ({@link BridgeCapabilities#extraSourceImages}) may pop it
 */
public record RequestDemands(boolean img2img, boolean painting, boolean postProcessing, boolean lora,
                             boolean controlnet, boolean trustedWorkers, boolean slowWorkers, boolean extraSlowWorkers,
                             List<String> workerIds, boolean workerBlacklist, String promptLower, int steps,
                             Double stepLimit, boolean extraSourceImages) {

    /** The sampler that chooses its own number of steps; the AI Horde counts it as 40. */
    private static final String ADAPTIVE_SAMPLER = "k_dpm_adaptive";
    private static final int ADAPTIVE_STEPS = 40;

    public static RequestDemands of(ImageRequestSpec spec) {
        ImageParams params = spec.params();
        boolean source = spec.hasSourceImage();
        String processing = spec.sourceProcessing() == null ? "img2img" : spec.sourceProcessing();
        // A remix works on its source image as img2img does (the AI Horde asks allow_img2img of it, too).
        return new RequestDemands(
                source && (processing.equals("img2img") || processing.equals("remix")),
                source && (processing.equals("inpainting") || processing.equals("outpainting")),
                notEmpty(params.postProcessing()),
                notEmpty(params.loras()),
                params.controlType() != null,
                spec.trustedWorkers(),
                spec.slowWorkers(),
                spec.extraSlowWorkers(),
                spec.workers() == null ? List.of() : List.copyOf(spec.workers()),
                spec.workerBlacklist(),
                spec.prompt() == null ? "" : spec.prompt().toLowerCase(Locale.ROOT),
                accurateSteps(params),
                ModelStepLimits.lowest(spec.models()),
                spec.hasExtraSourceImages());
    }

    static int accurateSteps(ImageParams params) {
        return ADAPTIVE_SAMPLER.equals(params.samplerName()) ? ADAPTIVE_STEPS
                : ImagePricing.accurateSteps(params.samplerName(), params.steps());
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
