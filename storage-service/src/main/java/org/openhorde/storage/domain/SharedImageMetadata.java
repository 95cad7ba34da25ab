package org.openhorde.storage.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.events.ImageParams;
import org.openhorde.contracts.events.JobCompleted;
import org.openhorde.contracts.events.JobOutcome;

/**
 * The sidecar of an image in the shared dataset ({@code <job id>.json} next to {@code <job id>.webp}): how it was
 * made and by what kind of user, as the AI Horde's LAION export recorded it, plus the negative prompt split off
 * (after {@code ###}), the requester's history and the creation time.
 *
 * @param userType        anonymous, pseudonymous or registered; null when it was not known
 * @param imagesRequested images the requester had requested before this request; null when it was not known
 * @param createdAt       when the image was delivered
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SharedImageMetadata(
        UUID id,
        UUID requestId,
        String prompt,
        String negativePrompt,
        int width,
        int height,
        int steps,
        String sampler,
        BigDecimal cfg,
        boolean karras,
        List<String> postProcessing,
        String model,
        String seed,
        String userType,
        Long imagesRequested,
        boolean censored,
        Instant createdAt) {

    /** The AI Horde's convention: {@code "positive ### negative"}; only the first separator splits. */
    static final String NEGATIVE_SEPARATOR = "###";

    public static SharedImageMetadata of(JobCompleted event, RequesterProfile requester) {
        ImageParams params = event.spec().params();
        String prompt = event.spec().prompt();
        String negative = null;
        int separator = prompt.indexOf(NEGATIVE_SEPARATOR);
        if (separator >= 0) {
            negative = prompt.substring(separator + NEGATIVE_SEPARATOR.length()).strip();
            prompt = prompt.substring(0, separator).strip();
        }
        return new SharedImageMetadata(event.jobId(), event.requestId(), prompt, negative, params.width(),
                params.height(), params.steps(), params.samplerName(), params.cfgScale(), params.karras(),
                params.postProcessing() == null ? List.of() : List.copyOf(params.postProcessing()), event.model(),
                event.seed(), requester.userType() == null ? null : requester.userType().wire(),
                requester.imagesRequested(), event.outcome() == JobOutcome.CENSORED,
                event.occurredAt());
    }
}
