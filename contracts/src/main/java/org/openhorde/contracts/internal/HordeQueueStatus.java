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
 * @param queuedTextRequests       text generations waiting plus those held by text workers
 * @param queuedTokens             tokens ({@code max_length}) of the waiting text generations
 * @param pastMinuteTokens         tokens delivered in the last minute (the quick count of the delivered texts)
 * @param textModels               the text models online scribes serve or waiting text requests name
 */
public record HordeQueueStatus(int queuedRequests, int workerCount, int threadCount, double queuedMegapixelsteps,
                               double pastMinuteMegapixelsteps, List<ModelQueueStatus> models, Instant takenAt,
                               int queuedTextRequests, double queuedTokens, double pastMinuteTokens,
                               List<ModelQueueStatus> textModels) {
}
