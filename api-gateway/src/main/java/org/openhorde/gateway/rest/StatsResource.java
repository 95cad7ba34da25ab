package org.openhorde.gateway.rest;

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
public class StatsResource {

    private final HordeFigures figures;

    StatsResource(HordeFigures figures) {
        this.figures = figures;
    }

    /** {@code {minute, hour, day, month, total: {images, ps}}}; {@code ps} = pixelsteps (width × height × steps). */
    @GET
    @Path("/totals")
    public Uni<Map<String, ImageStats.Period>> totals() {
        return figures.images().map(ImageStats::totals);
    }

    /**
     * {@code {day, month, total: {model: images}}}. Every model counts as known ({@code model_state=known}, the
     * default, and {@code all}); {@code custom} is empty, as the horde keeps no reference list of models.
     */
    @GET
    @Path("/models")
    public Uni<Map<String, Map<String, Long>>> models(@RestQuery("model_state") String modelState) {
        return ModelStates.filter(modelState, () -> figures.images().map(ImageStats::models));
    }
}
