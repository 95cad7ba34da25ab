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
import org.openhorde.contracts.internal.TextStats;
import org.openhorde.gateway.service.HordeFigures;

/** Delivered-text statistics in the AI Horde's shapes, from job-service's jobs (cached by {@link HordeFigures}). */
@Path("/api/v2/stats/text")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats")
public class TextStatsResource {

    private final HordeFigures figures;

    TextStatsResource(HordeFigures figures) {
        this.figures = figures;
    }

    /** {@code {minute, hour, day, month, total: {requests, tokens}}}. */
    @GET
    @Path("/totals")
    @Operation(operationId = "get_text_stats_totals", summary = "Details how many texts have been generated in the past minute,hour,day,month and total",
            description = "Requests and tokens per period.")
    public Uni<Map<String, TextStats.Period>> totals() {
        return figures.texts().map(TextStats::totals);
    }

    /** {@code {day, month, total: {model: generations}}}; as for images, {@code custom} is empty. */
    @GET
    @Path("/models")
    @Operation(operationId = "get_text_stats_models", summary = "Details how many texts were generated per model for the past day, month and total",
            description = "?model_state=known (default), custom or all.")
    public Uni<Map<String, Map<String, Long>>> models(@RestQuery("model_state") String modelState) {
        return ModelStates.filter(modelState, () -> figures.texts().map(TextStats::models));
    }
}
