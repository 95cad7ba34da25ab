package org.openhorde.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

    /** {@code {minute, hour, day, month, total: {images, ps}}}; {@code ps} = pixelsteps (width × height × steps). */
    @GET
    @Path("/totals")
    @Operation(operationId = "get_image_stats_totals", summary = "Details how many images have been generated in the past minute,hour,day,month and total",
            description = "Images and megapixelsteps per period.")
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
    public Uni<Map<String, Map<String, Long>>> models(@RestQuery("model_state") String modelState) {
        return ModelStates.filter(modelState, () -> figures.images().map(ImageStats::models));
    }
}
