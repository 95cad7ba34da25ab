package org.openhorde.storage.repository;

/**
 * An event waiting to be published.
 *
 * @param topic the logical {@link org.openhorde.contracts.Topics} name, without the environment prefix
 */
public record OutboxEntry(long id, String topic, String recordKey, String payload) {
}
