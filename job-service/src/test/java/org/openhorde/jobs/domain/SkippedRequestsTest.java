package org.openhorde.jobs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the shape of the AI Horde's skipped histogram: every key, always. */
class SkippedRequestsTest {

    @Test
    void everyReasonIsPresentAndUnimplementedOnesAreZero() {
        Map<String, Integer> skipped = SkippedRequests.histogram(3, 2, 1);
        assertEquals(List.of("models", "worker_id", "max_pixels", "img2img", "painting", "unsafe_ip", "nsfw", "lora",
                "post-processing", "controlnet", "performance", "untrusted", "bridge_version"),
                List.copyOf(skipped.keySet()));
        assertEquals(3, skipped.get("models"));
        assertEquals(2, skipped.get("max_pixels"));
        assertEquals(1, skipped.get("nsfw"));
        assertEquals(6, skipped.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void loopReasonsAppearOnlyWhenCounted() {
        Map<String, Integer> skipped = SkippedRequests.histogram(Map.of("kudos", 2, "blacklist", 0, "worker_id", 1));
        assertEquals(2, skipped.get("kudos"));
        assertEquals(1, skipped.get("worker_id"));
        assertEquals(false, skipped.containsKey("blacklist"));
        assertEquals(false, skipped.containsKey("step_count"));
    }
}
