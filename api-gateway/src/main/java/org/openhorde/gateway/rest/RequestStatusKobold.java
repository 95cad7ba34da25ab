package org.openhorde.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhorde.contracts.events.GenerationMetadata;
import org.openhorde.contracts.internal.RequestEstimate;
import org.openhorde.gateway.domain.DeliveredImage;
import org.openhorde.gateway.domain.JobProgress;
import org.openhorde.gateway.domain.JobState;
import org.openhorde.gateway.domain.RequestProgress;

/**
 * {@code GET /generate/text/status/{id}} (the AI Horde's {@code RequestStatusKobold}): the check plus the delivered
 * texts, straight from the read model.
 */
@Schema(description = "The status of a text request: its progress and the finished texts.")
public record RequestStatusKobold(
        @Schema(description = "The finished texts.")
        List<Generation> generations,
        @Schema(description = "The request's progress (its fields appear at this level).")
        @JsonUnwrapped
        RequestStatusCheck check) {

    /**
     * One delivered text; {@code state} is {@code ok}, {@code censored}, or {@code csam} for a censored text whose
     * metadata say so (the AI Horde's {@code _censorship_state}). The seed is an integer on the wire.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "One finished text.")
    public record Generation(
            @Schema(description = "The generated text (empty when withheld).")
            String text,
            @Schema(description = "The seed it was generated with, an integer.")
            Object seed,
            @Schema(description = "The worker that generated it.")
            UUID workerId,
            @Schema(description = "The name of that worker.")
            String workerName,
            @Schema(description = "The model it was generated with.")
            String model,
            @Schema(description = "The job's id.")
            UUID id,
            @Schema(description = "ok, censored, or csam for a text censored as CSAM.",
                    enumeration = {"ok", "censored", "csam"})
            String state,
            @Schema(description = "Notes on the generation from its worker.")
            List<Metadata> genMetadata) {
    }

    /** A {@code gen_metadata} entry as the scribe sent it; {@code ref} only when it sent one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A note on a generation.")
    public record Metadata(
            @Schema(description = "What the note is about.", examples = "censorship")
            String type,
            @Schema(description = "The note.", examples = "csam")
            String value,
            @Schema(description = "A reference, at most 255 characters; absent when none was sent.")
            String ref) {

        static Metadata of(GenerationMetadata entry) {
            return new Metadata(entry.type(), entry.value(), entry.ref());
        }
    }

    static RequestStatusKobold of(RequestProgress progress, RequestEstimate estimate) {
        List<Generation> generations = progress.finishedJobs().stream().map(RequestStatusKobold::generation)
                .toList();
        return new RequestStatusKobold(generations, RequestStatusCheck.of(progress, estimate));
    }

    private static Generation generation(JobProgress job) {
        DeliveredImage text = job.image() == null ? new DeliveredImage(null, null, null, null) : job.image();
        List<GenerationMetadata> metadata = text.genMetadata() == null ? List.of() : text.genMetadata();
        return new Generation(text.text() == null ? "" : text.text(), wireSeed(text.seed()), text.workerId(),
                text.workerName(), text.model(), job.jobId(), state(job.state(), metadata),
                metadata.stream().map(Metadata::of).toList());
    }

    private static String state(JobState state, List<GenerationMetadata> metadata) {
        if (state != JobState.CENSORED) {
            return "ok";
        }
        return metadata.stream().anyMatch(m -> "censorship".equals(m.type()) && "csam".equals(m.value()))
                ? "csam" : "censored";
    }

    private static Object wireSeed(String seed) {
        if (seed == null) {
            return 0;
        }
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException notANumber) {
            return seed;
        }
    }
}
