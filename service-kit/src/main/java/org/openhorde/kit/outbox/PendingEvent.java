package org.openhorde.kit.outbox;

/**
 * An outbox row waiting to be published.
 *
 * @param topic the logical {@link org.openhorde.contracts.Topics} name, without the environment prefix (the relay
 *              adds {@code horde.topic-prefix})
 * @param recordKey the Kafka key: the event's {@code aggregateKey()}, so that one aggregate's events stay in order
 * @param payload the event's Jackson JSON, exactly what consumers deserialise into the contracts record
 */
public record PendingEvent(long id, String topic, String recordKey, String payload) {
}
