package org.openhorde.contracts.internal;

import java.util.UUID;

/** A worker as listed for its owner's user page. */
public record WorkerSummary(UUID id, String name, long ownerUserId, boolean online) {
}
