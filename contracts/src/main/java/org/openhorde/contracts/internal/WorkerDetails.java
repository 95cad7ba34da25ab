package org.openhorde.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * A worker as job-service knows it, for the gateway's worker views (AI Horde {@code WorkerDetails}). The gateway
 * decides which fields a caller may see; kudos come from kudos-service.
 *
 * @param type                    {@code image} (later also {@code interrogation}, {@code text})
 * @param online                  checked in within the online window
 * @param uptimeSeconds           accumulated uptime
 * @param megapixelstepsGenerated work delivered, in millions of width × height × steps
 * @param megapixelstepsPerSecond recent speed: the mean over its last delivered jobs
 * @param uncompletedJobs         jobs it gave back or let time out
 * @param maxLength               a text worker's most tokens per generation (0 for other kinds)
 * @param maxContextLength        a text worker's most tokens of context (0 for other kinds)
 * @param teamId                  the team the worker belongs to, or {@code null}
 * @param teamName                that team's name, or {@code null}
 */
public record WorkerDetails(
        UUID id,
        String name,
        String type,
        long ownerUserId,
        String ownerAlias,
        boolean trusted,
        boolean online,
        long uptimeSeconds,
        int threads,
        long maxPixels,
        List<String> models,
        boolean nsfw,
        boolean img2img,
        boolean painting,
        boolean postProcessing,
        boolean lora,
        boolean controlnet,
        boolean sdxlControlnet,
        boolean maintenance,
        String maintenanceMsg,
        boolean paused,
        String info,
        String bridgeAgent,
        long requestsFulfilled,
        long uncompletedJobs,
        double megapixelstepsGenerated,
        double megapixelstepsPerSecond,
        int maxLength,
        int maxContextLength,
        UUID teamId,
        String teamName) {
}
