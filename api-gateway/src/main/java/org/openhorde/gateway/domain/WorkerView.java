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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
@Schema(description = "A worker's details; owner and paused are shown only to its owner and moderators.")
public record WorkerView(
        @Schema(description = "How many jobs this worker finished.")
        long requestsFulfilled,
        @Schema(description = "The kudos this worker earned its owner.")
        double kudosRewards,
        @Schema(description = "How the kudos were earned: generated and uptime.")
        Map<String, Double> kudosDetails,
        @Schema(description = "The worker's average speed, e.g. \"1.5 megapixelsteps per second\".")
        String performance,
        @Schema(description = "How many jobs the worker runs at once.")
        int threads,
        @Schema(description = "Seconds this worker has been online.")
        long uptime,
        @Schema(description = "When true, the worker only serves its owner's requests.")
        boolean maintenanceMode,
        @Schema(description = "When true, a moderator paused the worker: it only serves its owner's requests and "
                + "earns nothing (owner and moderators only).")
        Boolean paused,
        @Schema(description = "Extra information the owner gave about the worker.")
        String info,
        @Schema(description = "Whether the worker takes NSFW requests.")
        boolean nsfw,
        @Schema(description = "The owner's alias (owner and moderators only).")
        String owner,
        @Schema(description = "Whether the worker's owner is trusted.")
        boolean trusted,
        @Schema(description = "Whether the worker is flagged (never, on this horde).")
        boolean flagged,
        @Schema(description = "Whether the worker checked in recently.")
        boolean online,
        @Schema(description = "Jobs this worker took but never finished.")
        long uncompletedJobs,
        @Schema(description = "The models the worker serves (for an interrogation worker, its forms).")
        List<String> models,
        @Schema(description = "The worker's team; both fields null without one.")
        Team team,
        @Schema(description = "The worker software, as name:version:url.")
        String bridgeAgent,
        @Schema(description = "The most pixels the worker generates in one image.")
        long maxPixels,
        @Schema(description = "The megapixelsteps this worker generated.")
        double megapixelstepsGenerated,
        @Schema(description = "Whether the worker takes img2img requests.")
        boolean img2img,
        @Schema(description = "Whether the worker takes inpainting and outpainting requests.")
        boolean painting,
        @Schema(description = "Whether the worker takes requests with post-processing.")
        @JsonProperty("post-processing") boolean postProcessing,
        @Schema(description = "Whether the worker takes requests with LoRAs.")
        boolean lora,
        @Schema(description = "Whether the worker takes ControlNet requests.")
        boolean controlnet,
        @Schema(description = "Whether the worker takes ControlNet requests on SDXL models.")
        boolean sdxlControlnet,
        @Schema(description = "The most tokens the worker generates per job (text workers only).")
        Integer maxLength,
        @Schema(description = "The largest context the worker takes, in tokens (text workers only).")
        Integer maxContextLength,
        @Schema(description = "The worker's type.", enumeration = {"image", "text", "interrogation"})
        String type,
        @Schema(description = "The worker's name.")
        String name,
        @Schema(description = "The worker's id.")
        String id) {

    /** The worker's team; a worker without one shows both fields null, as the AI Horde does. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(description = "A worker's team.")
    public record Team(
            @Schema(description = "The team's name; null without a team.")
            String name,
            @Schema(description = "The team's id; null without a team.")
            String id) {
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
