package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.List;

/**
 * The queue as job-service's latest snapshot saw it: the figures of {@code /status/performance} and
 * {@code /status/models}.
 *
 * @param queuedRequests           images waiting plus images held by workers
 * @param workerCount              workers online (checked in within the online window)
 * @param threadCount              their threads
 * @param queuedMegapixelsteps     megapixelsteps of the waiting images
 * @param pastMinuteMegapixelsteps megapixelsteps delivered in the last minute
 * @param takenAt                  when the snapshot was computed
 */
public record HordeQueueStatus(int queuedRequests, int workerCount, int threadCount, double queuedMegapixelsteps,
                               double pastMinuteMegapixelsteps, List<ModelQueueStatus> models, Instant takenAt) {
}
