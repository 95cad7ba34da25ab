package org.openhorde.contracts.internal;

import java.util.List;

/** An image worker's pop, field for field the AI Horde's {@code PopInputStable} after defaults were applied. */
public record PopRequest(
        String name,
        List<String> priorityUsernames,
        boolean nsfw,
        List<String> models,
        String bridgeAgent,
        int threads,
        boolean requireUpfrontKudos,
        int amount,
        long maxPixels,
        List<String> blacklist,
        boolean allowImg2img,
        boolean allowPainting,
        boolean allowUnsafeIpaddr,
        boolean allowPostProcessing,
        boolean allowControlnet,
        boolean allowSdxlControlnet,
        boolean allowLora,
        boolean extraSlowWorker,
        boolean limitMaxSteps) {
}
