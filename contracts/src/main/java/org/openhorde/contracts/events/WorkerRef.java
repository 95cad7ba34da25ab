package org.openhorde.contracts.events;

import java.util.UUID;

/** A worker and the user who owns it (and so earns its rewards). */
public record WorkerRef(UUID id, String name, long ownerUserId) {
}
