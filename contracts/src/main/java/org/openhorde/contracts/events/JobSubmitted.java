package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The gateway accepted an image request. It answers 202 only after Kafka acknowledged this event.
 *
 * @param jobIds            one id per image, assigned by the gateway so that every service names jobs alike
 * @param pricePerImage     centikudos a worker earns per delivered image (the AI Horde's {@code wp.kudos})
 * @param taxPerImage       centikudos burned per delivered image (the horde tax: 3, or 1 when shared)
 * @param shared            whether the results go to the shared dataset (the rule applied, not the wish)
 * @param spec              the image request; {@code null} for a text request
 * @param textSpec          the text request ({@code spec} is then null); {@code null} for an image request and in
 *                          events written before text generation. For text, {@code pricePerImage} is the AI Horde's
 *                          estimate per generation ({@code calculate_kudos}); what is charged follows the delivered text
 */
public record JobSubmitted(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID requestId,
        Requester requester,
        ImageRequestSpec spec,
        List<UUID> jobIds,
        long pricePerImage,
        long taxPerImage,
        boolean shared,
        String clientAgent,
        TextRequestSpec textSpec) implements HordeEvent {

    public static final String TYPE = "JobSubmitted";
    public static final int VERSION = 1;

    /** An event of an image request (and every event written before text generation). */
    public JobSubmitted(UUID eventId, String type, int version, Instant occurredAt, UUID requestId,
                        Requester requester, ImageRequestSpec spec, List<UUID> jobIds, long pricePerImage,
                        long taxPerImage, boolean shared, String clientAgent) {
        this(eventId, type, version, occurredAt, requestId, requester, spec, jobIds, pricePerImage, taxPerImage,
                shared, clientAgent, null);
    }

    /** A text request: one job per generation ({@code n}), never shared. */
    public static JobSubmitted ofText(UUID requestId, Requester requester, TextRequestSpec textSpec, List<UUID> jobIds,
                                      long estimatedPricePerJob, long taxPerJob, String clientAgent) {
        return new JobSubmitted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, requester, null,
                List.copyOf(jobIds), estimatedPricePerJob, taxPerJob, false, clientAgent, textSpec);
    }

    /** Whether this is a text request (a scribe's work) rather than an image request. */
    public boolean text() {
        return textSpec != null;
    }

    public static JobSubmitted of(UUID requestId, Requester requester, ImageRequestSpec spec, List<UUID> jobIds,
                                  long pricePerImage, long taxPerImage, boolean shared, String clientAgent) {
        return new JobSubmitted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), requestId, requester, spec,
                List.copyOf(jobIds), pricePerImage, taxPerImage, shared, clientAgent);
    }

    @Override
    public String aggregateKey() {
        return requestId.toString();
    }
}
