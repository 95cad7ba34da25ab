package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.gateway.domain.LimitedRoute;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.contracts.HordeError;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.HordeQueueStatus;
import org.openhorde.contracts.internal.WorkerDetails;
import org.openhorde.contracts.internal.ModelQueueStatus;
import org.openhorde.gateway.domain.NewsPiece;
import org.openhorde.gateway.service.HordeContent;
import org.openhorde.gateway.service.HordeFigures;
import org.openhorde.gateway.service.HordeModes;
import org.openhorde.gateway.service.UserAccounts;
import org.openhorde.kit.rest.StrictBoolean;

/**
 * The horde's own state, as AI Horde clients probe it: heartbeat, modes, performance and the models being served.
 * The figures come from job-service's queue snapshot (cached briefly by {@link HordeFigures}).
 */
@Path("/api/v2/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "The horde's health, performance, models, news and modes")
public class StatusResource {

    private final Heartbeat heartbeat;
    private final HordeFigures figures;
    private final HordeModes modes;
    private final UserAccounts users;
    private final HordeContent content;

    StatusResource(@ConfigProperty(name = "quarkus.application.version") String version, HordeFigures figures,
                   HordeModes modes, UserAccounts users, HordeContent content) {
        this.content = content;
        this.heartbeat = new Heartbeat("OK", version);
        this.figures = figures;
        this.modes = modes;
        this.users = users;
    }

    @Schema(description = "The horde is up.")
    public record Heartbeat(
            @Schema(description = "Always \"OK\".")
            String message,
            @Schema(description = "The horde's version.")
            String version) {
    }

    /** The AI Horde's {@code ActiveModel}; every model here is an image model. */
    @Schema(description = "A model served by the horde's workers, with its queue.")
    public record ActiveModel(
            @Schema(description = "The model's name.")
            String name,
            @Schema(description = "How many workers serve it.")
            int count,
            @Schema(description = "The average speed of its workers.")
            double performance,
            @Schema(description = "The work waiting for it (megapixelsteps for images).")
            double queued,
            @Schema(description = "The jobs waiting for it.")
            int jobs,
            @Schema(description = "The estimated seconds to clear its queue.")
            int eta,
            @Schema(description = "The model's type.", enumeration = {"image", "text"})
            String type) {

        static ActiveModel of(ModelQueueStatus line) {
            return new ActiveModel(line.name(), line.count(), line.performance(), line.queued(), line.jobs(),
                    line.eta(), "image");
        }
    }

    /**
     * The AI Horde's {@code HordePerformance}: images, interrogation forms and text, each from its own figures (text
     * generations queued and held, tokens asked for by the waiting ones, tokens delivered in the last minute).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "How busy the horde is.")
    public record HordePerformance(
            @Schema(description = "Image requests waiting.")
            int queuedRequests,
            @Schema(description = "Text generations waiting or being generated.")
            int queuedTextRequests,
            @Schema(description = "Image workers online.")
            int workerCount,
            @Schema(description = "The threads of the image workers online.")
            int threadCount,
            @Schema(description = "Megapixelsteps waiting.")
            double queuedMegapixelsteps,
            @Schema(description = "Megapixelsteps generated in the past minute.")
            double pastMinuteMegapixelsteps,
            @Schema(description = "Interrogation forms waiting.")
            int queuedForms,
            @Schema(description = "Interrogation workers online.")
            int interrogatorCount,
            @Schema(description = "The threads of the interrogation workers online.")
            int interrogatorThreadCount,
            @Schema(description = "Text workers online.")
            int textWorkerCount,
            @Schema(description = "The threads of the text workers online.")
            int textThreadCount,
            @Schema(description = "Tokens asked for by the waiting text requests.")
            double queuedTokens,
            @Schema(description = "Tokens generated in the past minute.")
            double pastMinuteTokens) {

        static HordePerformance of(HordeQueueStatus status, HordeFigures.Interrogators interrogators,
                                   List<WorkerDetails> scribes) {
            return new HordePerformance(status.queuedRequests(), status.queuedTextRequests(), status.workerCount(),
                    status.threadCount(), round2(status.queuedMegapixelsteps()),
                    round2(status.pastMinuteMegapixelsteps()), (int) interrogators.queuedForms(),
                    interrogators.count(), interrogators.threads(), scribes.size(),
                    scribes.stream().mapToInt(WorkerDetails::threads).sum(), round2(status.queuedTokens()),
                    round2(status.pastMinuteTokens()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The horde's modes.")
    public record HordeModesView(
            @Schema(description = "When true, new image requests are refused (MaintenanceMode); queued ones are still "
                    + "served.")
            boolean maintenanceMode,
            @Schema(description = "Worker invite-only mode (stored and reported; not enforced yet).")
            boolean inviteOnlyMode,
            @Schema(description = "Raid mode (stored and reported; not enforced yet): only in answers to a moderator's "
                    + "key, absent otherwise, as on the AI Horde.")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            Boolean raidMode) {

        static HordeModesView of(HordeModes.Modes modes) {
            return new HordeModesView(modes.maintenance(), modes.inviteOnly(), modes.raid());
        }

        HordeModesView withoutRaid() {
            return new HordeModesView(maintenanceMode, inviteOnlyMode, null);
        }
    }

    /**
     * The AI Horde's PUT body ({@code maintenance}, {@code invite_only}, {@code raid}); absent = unchanged. Each
     * field takes only a JSON boolean: Jackson's default coercion would switch maintenance on for {@code 1},
     * {@code -1} or {@code "true"} and read {@code ""} or {@code null} as "unchanged".
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "Modes to switch; an absent field leaves its mode unchanged. Each takes only a JSON boolean.")
    public record ModesInput(
            @Schema(description = "Start or stop maintenance mode (the operator only).")
            @JsonAlias("maintenance_mode") @JsonDeserialize(using = StrictBoolean.class)
            Boolean maintenance,
            @Schema(description = "Start or stop worker invite-only mode (the operator only).")
            @JsonAlias("invite_only_mode") @JsonDeserialize(using = StrictBoolean.class)
            Boolean inviteOnly,
            @Schema(description = "Start or stop raid mode (moderators).")
            @JsonAlias("raid_mode") @JsonDeserialize(using = StrictBoolean.class)
            Boolean raid) {
    }

    @GET
    @Path("/heartbeat")
    @RateLimited(LimitedRoute.EXEMPT)
    @Operation(operationId = "get_heartbeat", summary = "If this loads, this node is available",
            description = "Never rate limited.")
    @APIResponse(responseCode = "200", description = "The node is up",
            content = @Content(schema = @Schema(implementation = Heartbeat.class),
                    examples = @ExampleObject(name = "The node is up",
                            value = "{\"message\": \"OK\", \"version\": \"1.0.0\"}")))
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    @GET
    @Path("/performance")
    @Operation(operationId = "get_horde_performance", summary = "Details about the current performance of this Horde",
            description = "Queued requests, megapixelsteps, tokens, workers.")
    @APIResponse(responseCode = "200", description = "The horde's performance",
            content = @Content(schema = @Schema(implementation = HordePerformance.class),
                    examples = @ExampleObject(name = "The horde's performance",
                            value = "{\"queued_requests\": 42, \"queued_text_requests\": 7, \"worker_count\":"
                            + " 18, \"thread_count\": 21, \"queued_megapixelsteps\": 1234.56,"
                            + " \"past_minute_megapixelsteps\": 310.5, \"queued_forms\": 3,"
                            + " \"interrogator_count\": 2, \"interrogator_thread_count\": 2,"
                            + " \"text_worker_count\": 5, \"text_thread_count\": 6, \"queued_tokens\":"
                            + " 5120.0, \"past_minute_tokens\": 2048.0}")))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<HordePerformance> performance() {
        return Uni.combine().all().unis(figures.queue(), figures.interrogators(), figures.scribes()).asTuple()
                .map(all -> HordePerformance.of(all.getItem1(), all.getItem2(), all.getItem3()));
    }

    /**
     * Models served by online workers or asked for by waiting requests; {@code type=text} lists the text models the
     * same way (how many scribes serve each, the tokens and generations waiting for it, a scribe thread's recent
     * tokens per second and the eta). {@code
     * model_state=custom} lists none, as the horde keeps no reference list to tell known models from custom ones.
     */
    @GET
    @Path("/models")
    @Operation(operationId = "get_horde_models", summary = "Returns a list of models active currently in this horde",
            description = "?type=image (default) or text, min_count, max_count, model_state.")
    @APIResponse(responseCode = "200", description = "The models",
            content = @Content(schema = @Schema(implementation = ActiveModel.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "The models",
                            value = "[{\"name\": \"stable_diffusion\", \"count\": 12, \"performance\": 1.25,"
                            + " \"queued\": 380.5, \"jobs\": 14, \"eta\": 31, \"type\": \"image\"}]")))
    @APIResponse(responseCode = "400", description = "An unknown type or model_state, or a count that is no whole"
            + " number; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<ActiveModel>> models(@RestQuery String type, @RestQuery("min_count") String minCountParam,
                                         @RestQuery("max_count") String maxCountParam,
                                         @RestQuery("model_state") String modelState) {
        // Read as text: JAX-RS answers a query value it cannot convert to Integer with a 404 "no such endpoint".
        Integer minCount = count("min_count", minCountParam);
        Integer maxCount = count("max_count", maxCountParam);
        String kind = type == null || type.isBlank() ? "image" : type;
        String state = modelState == null || modelState.isBlank() ? "all" : modelState;
        if (!List.of("image", "text").contains(kind)) {
            throw invalid("type", "must be image or text");
        }
        if (!List.of("known", "custom", "all").contains(state)) {
            throw invalid("model_state", "must be known, custom or all");
        }
        if (state.equals("custom")) {
            return Uni.createFrom().item(List.of());
        }
        if (kind.equals("text")) {
            Uni<List<ModelQueueStatus>> queued = figures.queue().map(HordeQueueStatus::textModels)
                    .onFailure().recoverWithItem(List.of());
            return Uni.combine().all().unis(figures.scribes(), queued).asTuple()
                    .map(both -> textModels(both.getItem1(), both.getItem2())).map(lines -> lines.stream()
                    .filter(line -> minCount == null || line.count() >= minCount)
                    .filter(line -> maxCount == null || line.count() <= maxCount)
                    .toList());
        }
        return figures.queue().map(status -> status.models().stream()
                .filter(line -> minCount == null || line.count() >= minCount)
                .filter(line -> maxCount == null || line.count() <= maxCount)
                .map(ActiveModel::of)
                .toList());
    }

    /**
     * Each text model the scribes online serve (with how many serve it) or a waiting text request names, with the
     * snapshot's queue figures of it.
     */
    static List<ActiveModel> textModels(List<WorkerDetails> scribes, List<ModelQueueStatus> queued) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        scribes.forEach(scribe -> scribe.models().forEach(model -> counts.merge(model, 1, Integer::sum)));
        java.util.Map<String, ModelQueueStatus> lines = new java.util.HashMap<>();
        queued.forEach(line -> {
            lines.put(line.name(), line);
            counts.putIfAbsent(line.name(), 0);
        });
        return counts.entrySet().stream().map(e -> {
            ModelQueueStatus line = lines.get(e.getKey());
            return line == null ? new ActiveModel(e.getKey(), e.getValue(), 0, 0, 0, 0, "text")
                    : new ActiveModel(e.getKey(), e.getValue(), round2(line.performance()), line.queued(),
                    line.jobs(), line.eta(), "text");
        }).toList();
    }

    /** One model, as a one-element list like the AI Horde's; empty when no worker or request mentions it. */
    @GET
    @Path("/models/{name}")
    @Operation(operationId = "get_horde_single_model", summary = "Returns all the statistics of a specific model in this horde",
            description = "An empty list for a model nobody serves.")
    @APIResponse(responseCode = "200", description = "The model, or nothing",
            content = @Content(schema = @Schema(implementation = ActiveModel.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "The model, or nothing",
                            value = "[{\"name\": \"stable_diffusion\", \"count\": 12, \"performance\": 1.25,"
                            + " \"queued\": 380.5, \"jobs\": 14, \"eta\": 31, \"type\": \"image\"}]")))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<List<ActiveModel>> model(@RestPath String name) {
        return figures.queue().map(status -> status.models().stream()
                .filter(line -> line.name().equals(name))
                .map(ActiveModel::of)
                .toList());
    }

    /** The operator's news, newest first (read from the operator's news file; see {@link HordeContent}). */
    @GET
    @Path("/news")
    @Operation(operationId = "get_horde_news", summary = "Read the latest happenings on the horde",
            description = "The operator's news file.")
    @APIResponse(responseCode = "200", description = "The news, newest first",
            content = @Content(schema = @Schema(implementation = NewsPiece.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "The news, newest first",
                            value = "[{\"date_published\": \"2026-11-30\", \"newspiece\": \"The horde now"
                            + " serves text models too.\", \"importance\": \"Information\", \"tags\":"
                            + " [\"text\"], \"title\": \"Text generation\", \"more_info_urls\":"
                            + " [\"https://example.org/news/text\"]}]")))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public List<NewsPiece> news() {
        return content.news();
    }

    @GET
    @Path("/modes")
    @Operation(operationId = "get_horde_modes", summary = "Horde Maintenance",
            description = "Whether the horde is in maintenance or invite-only mode; with a moderator's key, also "
                    + "raid mode (the AI Horde's rule: any other key is refused, no key shows the first two).")
    @APIResponse(responseCode = "200", description = "The horde's modes",
            content = @Content(schema = @Schema(implementation = HordeModesView.class),
                    examples = @ExampleObject(name = "The horde's modes, as a moderator sees them",
                            value = "{\"maintenance_mode\": false, \"invite_only_mode\": false, \"raid_mode\":"
                            + " false}")))
    @APIResponse(responseCode = "401", description = "A key that is sent but unknown; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "A key that is not a moderator's; rc: NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A key was sent and the service that checks keys is "
            + "unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<HordeModesView> modes(@RestHeader("apikey") String apikey) {
        if (apikey == null || apikey.isBlank()) {
            return modes.current().map(current -> HordeModesView.of(current).withoutRaid());
        }
        return users.authenticateModerator(apikey, "Only moderators can see the raid mode.")
                .flatMap(moderator -> modes.current().map(HordeModesView::of));
    }

    /** Maintenance, invite-only and raid modes on or off (admin; raid also a moderator). */
    @PUT
    @RateLimited(LimitedRoute.MODES_CHANGE)
    @Path("/modes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "put_horde_modes", summary = "Change Horde Modes",
            description = "The operator changes maintenance and invite-only mode; moderators raid mode.")
    @APIResponse(responseCode = "200", description = "The modes, as they are now",
            content = @Content(schema = @Schema(implementation = HordeModesView.class),
                    examples = @ExampleObject(name = "The modes, as they are now",
                            value = "{\"maintenance_mode\": true, \"invite_only_mode\": false, \"raid_mode\":"
                            + " false}")))
    @APIResponse(responseCode = "400", description = "No body, or a mode that is no JSON boolean; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "401", description = "Invalid API Key; rc: InvalidAPIKey",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "403", description = "Not the operator (maintenance, invite-only) or a moderator"
            + " (raid); rc: NotAdmin, NotModerator",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "The modes cannot be stored, or a service of the horde is"
            + " unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<HordeModesView> setModes(ModesInput input, @RestHeader("apikey") String apikey) {
        if (input == null) {
            throw invalid("payload", "expected {\"maintenance\": true|false}");
        }
        HordeModes.ModesChange change = new HordeModes.ModesChange(input.maintenance(), input.inviteOnly(),
                input.raid());
        return users.authenticate(apikey).flatMap(caller -> modes.change(caller, change))
                .map(HordeModesView::of);
    }

    /** An optional whole-number query value; anything else is a 400 naming it. */
    private static Integer count(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("-?\\d{1,9}")) {
            throw invalid(field, "must be a whole number");
        }
        return Integer.parseInt(value.strip());
    }

    private static HordeException invalid(String field, String problem) {
        return new HordeException(Rc.BadRequest.httpStatus(), HordeError.validation(Map.of(field, problem)));
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
