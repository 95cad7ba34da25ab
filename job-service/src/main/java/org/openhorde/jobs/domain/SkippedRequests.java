package org.openhorde.jobs.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AI Horde's {@code skipped} histogram of an empty pop: how many waiting requests the worker could not take, by
 * reason. The AI Horde always sends every key, 0 when no request was skipped for it; a request that fails several
 * rules counts under each.
 */
public final class SkippedRequests {

    public static final String MODELS = "models";
    public static final String MAX_PIXELS = "max_pixels";
    public static final String NSFW = "nsfw";

    /** Every key, in the AI Horde's order. Reasons whose rules do not exist here yet stay 0. */
    public static final List<String> REASONS = List.of(MODELS, "worker_id", MAX_PIXELS, "img2img", "painting",
            "unsafe_ip", NSFW, "lora", "post-processing", "controlnet", "performance", "untrusted", "bridge_version");

    private SkippedRequests() {
    }

    public static Map<String, Integer> histogram(int models, int maxPixels, int nsfw) {
        Map<String, Integer> skipped = new LinkedHashMap<>();
        REASONS.forEach(reason -> skipped.put(reason, 0));
        skipped.put(MODELS, models);
        skipped.put(MAX_PIXELS, maxPixels);
        skipped.put(NSFW, nsfw);
        return Collections.unmodifiableMap(skipped);
    }
}
