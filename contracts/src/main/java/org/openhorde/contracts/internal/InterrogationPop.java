package org.openhorde.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * Gateway → interrogation-service: an interrogation worker (checked in by job-service's registry) asks for up to
 * {@code amount} forms among {@code forms}.
 *
 * @param maintenance the worker is in maintenance: it only gets its owner's own forms
 */
public record InterrogationPop(UUID workerId, String workerName, long ownerUserId, boolean ownerTrusted,
                               boolean maintenance, List<String> forms, int amount, int maxTiles) {
}
