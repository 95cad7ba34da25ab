package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;
import org.openhorde.contracts.internal.ImageStats;
import org.openhorde.gateway.service.HordeFigures;

/** Delivered-image statistics in the AI Horde's shapes, from job-service's jobs (cached by {@link HordeFigures}). */
@Path("/api/v2/stats/img")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats", description = "Generation statistics")
public class StatsResource {

    private final HordeFigures figures;

    StatsResource(HordeFigures figures) {
        this.figures = figures;
    }

    /** The shape of {@code /totals} in the document (the answer itself is a map, built in contracts). */
    @Schema(description = "Images delivered per period.")
    public record ImageTotals(
            @Schema(description = "In the past minute.") ImagePeriod minute,
            @Schema(description = "In the past hour.") ImagePeriod hour,
            @Schema(description = "In the past day.") ImagePeriod day,
            @Schema(description = "In the past month.") ImagePeriod month,
            @Schema(description = "Since the horde began.") ImagePeriod total) {
    }

    @Schema(description = "Images delivered in one period.")
    public record ImagePeriod(
            @Schema(description = "Images delivered.") long images,
            @Schema(description = "Their pixelsteps (width × height × steps).") long ps) {
    }

    /** The shape of {@code /models} in the document, for images and texts alike. */
    @Schema(description = "Deliveries per model (name → count) per period.")
    public record ModelTotals(
            @Schema(description = "In the past day.") Map<String, Long> day,
            @Schema(description = "In the past month.") Map<String, Long> month,
            @Schema(description = "Since the horde began.") Map<String, Long> total) {
    }

    /** {@code {minute, hour, day, month, total: {images, ps}}}; {@code ps} = pixelsteps (width × height × steps). */
    @GET
    @Path("/totals")
    @Operation(operationId = "get_image_stats_totals", summary = "Details how many images have been generated in the past minute,hour,day,month and total",
            description = "Images and megapixelsteps per period.")
    @APIResponse(responseCode = "200", description = "Images per period",
            content = @Content(schema = @Schema(implementation = StatsResource.ImageTotals.class),
                    examples = @ExampleObject(name = "Images per period",
                            value = "{\"minute\": {\"images\": 12, \"ps\": 377487360}, \"hour\": {\"images\":"
                            + " 730, \"ps\": 22963814400}, \"day\": {\"images\": 17120, \"ps\":"
                            + " 538548633600}, \"month\": {\"images\": 512300, \"ps\": 16115564544000},"
                            + " \"total\": {\"images\": 9812345, \"ps\": 308669684121600}}")))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, ImageStats.Period>> totals() {
        return figures.images().map(ImageStats::totals);
    }

    /**
     * {@code {day, month, total: {model: images}}}. Every model counts as known ({@code model_state=known}, the
     * default, and {@code all}); {@code custom} is empty, as the horde keeps no reference list of models.
     */
    @GET
    @Path("/models")
    @Operation(operationId = "get_image_stats_models", summary = "Details how many images were generated per model for the past day, month and total",
            description = "?model_state=known (default), custom or all.")
    @APIResponse(responseCode = "200", description = "Images per model and period",
            content = @Content(schema = @Schema(implementation = StatsResource.ModelTotals.class),
                    examples = @ExampleObject(name = "Images per model and period",
                            value = "{\"day\": {\"stable_diffusion\": 9120, \"AlbedoBase XL (SDXL)\": 8000},"
                            + " \"month\": {\"stable_diffusion\": 301200, \"AlbedoBase XL (SDXL)\":"
                            + " 211100}, \"total\": {\"stable_diffusion\": 6102345, \"AlbedoBase XL"
                            + " (SDXL)\": 3710000}}")))
    @APIResponse(responseCode = "400", description = "A model_state other than known, custom or all; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, Map<String, Long>>> models(@RestQuery("model_state") String modelState) {
        return ModelStates.filter(modelState, () -> figures.images().map(ImageStats::models));
    }
}
