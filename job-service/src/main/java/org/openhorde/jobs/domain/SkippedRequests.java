package org.openhorde.jobs.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AI Horde's {@code skipped} histogram of an empty pop: how many waiting requests the worker could not take, by
 * reason. The AI Horde always sends the {@link #REASONS} keys (0 when no request was skipped for it) and adds the
 * {@link #LOOP_REASONS} only when it skipped a request for them; a request that fails several rules counts under
 * each.
 */
public final class SkippedRequests {

    public static final String MODELS = "models";
    public static final String MAX_PIXELS = "max_pixels";
    public static final String NSFW = "nsfw";

    /** Always sent, in the AI Horde's order. {@code unsafe_ip} and {@code bridge_version} never count here. */
    public static final List<String> REASONS = List.of(MODELS, "worker_id", MAX_PIXELS, "img2img", "painting",
            "unsafe_ip", NSFW, "lora", "post-processing", "controlnet", "performance", "untrusted", "bridge_version");

    /** Sent only when a request was skipped for them (the AI Horde finds them in its per-request loop). */
    public static final List<String> LOOP_REASONS = List.of("kudos", "blacklist", "step_count");

    /**
     * A scribe's histogram, always sent in full: the reasons a text request can fail (the AI Horde's {@code
     * NoValidRequestFoundKobold}); {@code blacklist} only when it counted.
     */
    public static final List<String> TEXT_REASONS = List.of(MODELS, "worker_id", NSFW, "untrusted", "bridge_version",
            "max_context_length", "max_length", "matching_softprompt");

    private SkippedRequests() {
    }

    public static Map<String, Integer> textHistogram(Map<String, Integer> counts) {
        Map<String, Integer> skipped = new LinkedHashMap<>();
        TEXT_REASONS.forEach(reason -> skipped.put(reason, counts.getOrDefault(reason, 0)));
        int blacklisted = counts.getOrDefault("blacklist", 0);
        if (blacklisted > 0) {
            skipped.put("blacklist", blacklisted);
        }
        return Collections.unmodifiableMap(skipped);
    }

    public static Map<String, Integer> histogram(Map<String, Integer> counts) {
        Map<String, Integer> skipped = new LinkedHashMap<>();
        REASONS.forEach(reason -> skipped.put(reason, counts.getOrDefault(reason, 0)));
        LOOP_REASONS.forEach(reason -> {
            int count = counts.getOrDefault(reason, 0);
            if (count > 0) {
                skipped.put(reason, count);
            }
        });
        return Collections.unmodifiableMap(skipped);
    }

    public static Map<String, Integer> histogram(int models, int maxPixels, int nsfw) {
        return histogram(Map.of(MODELS, models, MAX_PIXELS, maxPixels, NSFW, nsfw));
    }
}
