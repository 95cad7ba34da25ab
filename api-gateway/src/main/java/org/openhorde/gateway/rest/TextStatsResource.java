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

    /** The shape of {@code /totals} in the document (the answer itself is a map, built in contracts). */
    @Schema(description = "Texts delivered per period.")
    public record TextTotals(
            @Schema(description = "In the past minute.") TextPeriod minute,
            @Schema(description = "In the past hour.") TextPeriod hour,
            @Schema(description = "In the past day.") TextPeriod day,
            @Schema(description = "In the past month.") TextPeriod month,
            @Schema(description = "Since the horde began.") TextPeriod total) {
    }

    @Schema(description = "Texts delivered in one period.")
    public record TextPeriod(
            @Schema(description = "Text generations delivered.") long requests,
            @Schema(description = "Their tokens.") long tokens) {
    }

    /** {@code {minute, hour, day, month, total: {requests, tokens}}}. */
    @GET
    @Path("/totals")
    @Operation(operationId = "get_text_stats_totals", summary = "Details how many texts have been generated in the past minute,hour,day,month and total",
            description = "Requests and tokens per period.")
    @APIResponse(responseCode = "200", description = "Texts per period",
            content = @Content(schema = @Schema(implementation = TextStatsResource.TextTotals.class),
                    examples = @ExampleObject(name = "Texts per period",
                            value = "{\"minute\": {\"requests\": 9, \"tokens\": 1520}, \"hour\":"
                            + " {\"requests\": 410, \"tokens\": 70210}, \"day\": {\"requests\": 9830,"
                            + " \"tokens\": 1680400}, \"month\": {\"requests\": 290120, \"tokens\":"
                            + " 49812000}, \"total\": {\"requests\": 4120345, \"tokens\": 712345678}}")))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, TextStats.Period>> totals() {
        return figures.texts().map(TextStats::totals);
    }

    /** {@code {day, month, total: {model: generations}}}; as for images, {@code custom} is empty. */
    @GET
    @Path("/models")
    @Operation(operationId = "get_text_stats_models", summary = "Details how many texts were generated per model for the past day, month and total",
            description = "?model_state=known (default), custom or all.")
    @APIResponse(responseCode = "200", description = "Texts per model and period",
            content = @Content(schema = @Schema(implementation = StatsResource.ModelTotals.class),
                    examples = @ExampleObject(name = "Texts per model and period",
                            value = "{\"day\": {\"koboldcpp/Mistral-7B-Instruct-v0.3\": 5120}, \"month\":"
                            + " {\"koboldcpp/Mistral-7B-Instruct-v0.3\": 150300}, \"total\":"
                            + " {\"koboldcpp/Mistral-7B-Instruct-v0.3\": 2012000}}")))
    @APIResponse(responseCode = "400", description = "A model_state other than known, custom or all; rc: BadRequest",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "429", description = "Over this route's rate limit; rc: TooManyRequests",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @APIResponse(responseCode = "503", description = "A service of the horde is unreachable; rc: ServiceUnavailable",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    public Uni<Map<String, Map<String, Long>>> models(@RestQuery("model_state") String modelState) {
        return ModelStates.filter(modelState, () -> figures.texts().map(TextStats::models));
    }
}
