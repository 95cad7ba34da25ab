package org.openhorde.contracts.internal;

import java.util.List;

/**
 * A worker's pop, field for field the AI Horde's {@code PopInputStable} after defaults were applied; a text worker's
 * ({@code PopInputKobold}) sets {@code maxLength}, {@code maxContextLength} and {@code softprompts}, which are
 * {@code null} for an image worker.
 */
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
        boolean limitMaxSteps,
        Integer maxLength,
        Integer maxContextLength,
        List<String> softprompts) {

    /** An image worker's pop. */
    public PopRequest(String name, List<String> priorityUsernames, boolean nsfw, List<String> models,
                      String bridgeAgent, int threads, boolean requireUpfrontKudos, int amount, long maxPixels,
                      List<String> blacklist, boolean allowImg2img, boolean allowPainting, boolean allowUnsafeIpaddr,
                      boolean allowPostProcessing, boolean allowControlnet, boolean allowSdxlControlnet,
                      boolean allowLora, boolean extraSlowWorker, boolean limitMaxSteps) {
        this(name, priorityUsernames, nsfw, models, bridgeAgent, threads, requireUpfrontKudos, amount, maxPixels,
                blacklist, allowImg2img, allowPainting, allowUnsafeIpaddr, allowPostProcessing, allowControlnet,
                allowSdxlControlnet, allowLora, extraSlowWorker, limitMaxSteps, null, null, null);
    }

    /**
     * A text worker's pop (the AI Horde's {@code PopInputKobold}): none of the image abilities; its pixel budget is
     * the largest, since no image request ever reaches a text worker (the kinds are matched first).
     */
    public static PopRequest text(String name, List<String> priorityUsernames, boolean nsfw, List<String> models,
                                  String bridgeAgent, int threads, boolean requireUpfrontKudos, int amount,
                                  List<String> blacklist, int maxLength, int maxContextLength,
                                  List<String> softprompts) {
        return new PopRequest(name, priorityUsernames, nsfw, models, bridgeAgent, threads, requireUpfrontKudos,
                amount, Long.MAX_VALUE, blacklist, false, false, false, false, false, false, false, false, false,
                maxLength, maxContextLength, softprompts == null ? List.of() : List.copyOf(softprompts));
    }

    /** Whether this is a text worker's pop. */
    public boolean text() {
        return maxLength != null;
    }
}
