package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The body of an image worker's {@code POST /generate/pop} (the AI Horde's {@code PopInputStable}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PopInput(
        String name,
        List<String> priorityUsernames,
        Boolean nsfw,
        List<String> models,
        String bridgeAgent,
        Integer threads,
        Boolean requireUpfrontKudos,
        Integer amount,
        Long maxPixels,
        List<String> blacklist,
        Boolean allowImg2img,
        Boolean allowPainting,
        Boolean allowUnsafeIpaddr,
        Boolean allowPostProcessing,
        Boolean allowControlnet,
        Boolean allowSdxlControlnet,
        Boolean allowLora,
        Boolean extraSlowWorker,
        Boolean limitMaxSteps) {
}
