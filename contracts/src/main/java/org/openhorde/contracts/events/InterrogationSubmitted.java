package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An interrogation was accepted: written to interrogation-service's outbox in the transaction that stored it, so the
 * event exists exactly when the interrogation does (the gateway answers 202 only after that commit).
 *
 * @param forms the form names that wait for a worker (cached forms are already done and not listed)
 * @param tiles the source image's 512-pixel tiles
 */
public record InterrogationSubmitted(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID interrogationId,
        long requesterUserId,
        List<String> forms,
        int tiles) implements HordeEvent {

    public static final String TYPE = "InterrogationSubmitted";
    public static final int VERSION = 1;

    public static InterrogationSubmitted of(UUID interrogationId, long requesterUserId, List<String> forms, int tiles) {
        return new InterrogationSubmitted(UUID.randomUUID(), TYPE, VERSION, Instant.now(), interrogationId,
                requesterUserId, List.copyOf(forms), tiles);
    }

    @Override
    public String aggregateKey() {
        return interrogationId.toString();
    }
}
