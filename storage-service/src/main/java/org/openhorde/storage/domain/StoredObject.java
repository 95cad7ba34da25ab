package org.openhorde.storage.domain;

/** An object as the store describes it. */
public record StoredObject(long sizeBytes, String contentType) {
}
