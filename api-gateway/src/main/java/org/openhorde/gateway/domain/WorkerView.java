package org.openhorde.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhorde.contracts.economy.Centikudos;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.WorkerKudos;

/**
 * A worker in the AI Horde's {@code WorkerDetails} shape. {@code owner} and {@code paused} are only shown to the
 * worker's owner and to moderators (null fields are left out).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"requests_fulfilled", "kudos_rewards", "kudos_details", "performance", "threads", "uptime",
        "maintenance_mode", "paused", "info", "nsfw", "owner", "trusted", "flagged", "online", "uncompleted_jobs",
        "models", "team", "bridge_agent", "max_pixels", "megapixelsteps_generated", "img2img", "painting",
        "post-processing", "lora", "controlnet", "sdxl_controlnet", "max_length", "max_context_length", "type", "name",
        "id"})
public record WorkerView(
        long requestsFulfilled,
        double kudosRewards,
        Map<String, Double> kudosDetails,
        String performance,
        int threads,
        long uptime,
        boolean maintenanceMode,
        Boolean paused,
        String info,
        boolean nsfw,
        String owner,
        boolean trusted,
        boolean flagged,
        boolean online,
        long uncompletedJobs,
        List<String> models,
        Team team,
        String bridgeAgent,
        long maxPixels,
        double megapixelstepsGenerated,
        boolean img2img,
        boolean painting,
        @JsonProperty("post-processing") boolean postProcessing,
        boolean lora,
        boolean controlnet,
        boolean sdxlControlnet,
        Integer maxLength,
        Integer maxContextLength,
        String type,
        String name,
        String id) {

    /** The worker's team; a worker without one shows both fields null, as the AI Horde does. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Team(String name, String id) {
    }

    /** The {@code kudos_details} keys of a worker, in the AI Horde's order. */
    public static final List<String> KUDOS_DETAILS = List.of("generated", "uptime");

    /** @param privileged the caller owns the worker or is a moderator */
    public static WorkerView of(WorkerDetails worker, WorkerKudos kudos, boolean privileged) {
        Map<String, Long> earned = kudos == null || kudos.kudosDetails() == null ? Map.of() : kudos.kudosDetails();
        Map<String, Double> details = new LinkedHashMap<>();
        KUDOS_DETAILS.forEach(key -> details.put(key, Centikudos.toWireKudos(earned.getOrDefault(key, 0L))));
        return new WorkerView(worker.requestsFulfilled(),
                Centikudos.toWireKudos(kudos == null ? 0 : kudos.kudosRewards()), details,
                performance(worker), worker.threads(), worker.uptimeSeconds(), worker.maintenance(),
                privileged ? worker.paused() : null, worker.info(), worker.nsfw(),
                privileged ? worker.ownerAlias() : null, worker.trusted(), false, worker.online(),
                worker.uncompletedJobs(), worker.models(), new Team(worker.teamName(),
                        worker.teamId() == null ? null : worker.teamId().toString()), worker.bridgeAgent(),
                worker.maxPixels(), round(worker.megapixelstepsGenerated(), 2), worker.img2img(), worker.painting(),
                worker.postProcessing(), worker.lora(), worker.controlnet(), worker.sdxlControlnet(),
                textOnly(worker, worker.maxLength()), textOnly(worker, worker.maxContextLength()), worker.type(),
                worker.name(), worker.id().toString());
    }

    /** {@code max_length} and {@code max_context_length} are a text worker's fields (the AI Horde's TextWorker). */
    private static Integer textOnly(WorkerDetails worker, int value) {
        return "text".equals(worker.type()) ? value : null;
    }

    private static String performance(WorkerDetails worker) {
        if (worker.requestsFulfilled() == 0 || worker.megapixelstepsPerSecond() <= 0) {
            return "No requests fulfilled yet";
        }
        return round(worker.megapixelstepsPerSecond(), 1) + " megapixelsteps per second";
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
