package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on a horde topic carries. Events are fat: a consumer never needs a second lookup to act.
 * They are keyed by {@link #aggregateKey()} so that per-aggregate order holds on a partition.
 */
public interface HordeEvent {

    /** Unique per event; consumers record it in their inbox in the same transaction as the effect. */
    UUID eventId();

    String type();

    int version();

    Instant occurredAt();

    /** The Kafka record key. Not a record component, so it is never serialised twice. */
    String aggregateKey();
}
