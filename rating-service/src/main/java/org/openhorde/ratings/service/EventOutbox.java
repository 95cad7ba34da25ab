package org.openhorde.ratings.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhorde.contracts.events.HordeEvent;
import org.openhorde.ratings.repository.OutboxEntry;

/**
 * Appends events to service-kit's outbox table through the current Hibernate Reactive session, so they commit with
 * the entities they announce. The payload is exactly what the kit's own {@code OutboxRepository} would write.
 */
@ApplicationScoped
public class EventOutbox {

    private final ObjectMapper json;

    EventOutbox(ObjectMapper json) {
        this.json = json;
    }

    /** Call inside {@code Panache.withTransaction}; {@code topic} is the logical {@code Topics} name. */
    public Uni<Void> append(String topic, HordeEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.eventId();
        entry.topic = topic;
        entry.recordKey = event.aggregateKey();
        try {
            entry.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
        return entry.persist().replaceWithVoid();
    }
}
