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
        String clientAgent) implements HordeEvent {

    public static final String TYPE = "JobSubmitted";
    public static final int VERSION = 1;

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
