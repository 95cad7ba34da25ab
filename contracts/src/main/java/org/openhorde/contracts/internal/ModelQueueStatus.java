package org.openhorde.contracts.internal;

/**
 * One model's line of {@code /status/models}, as the AI Horde computes it.
 *
 * @param count       threads of online workers serving the model
 * @param performance mean recent speed of one thread on the model, pixelsteps per second
 * @param queued      pixelsteps of the model's waiting images
 * @param jobs        waiting images that ask for the model
 * @param eta         seconds to clear {@code queued} at {@code count × performance} (10000 when nobody serves it)
 */
public record ModelQueueStatus(String name, int count, double performance, double queued, int jobs, int eta) {
}
