package org.openhorde.contracts.internal;

import java.util.Map;
import java.util.UUID;

/**
 * What a worker earned for its owner (AI Horde worker {@code kudos_rewards} and {@code kudos_details}), in
 * centikudos. Counted in full, including what was held in escrow.
 *
 * @param kudosDetails {@code generated}, {@code uptime}, {@code interrogated}
 */
public record WorkerKudos(UUID workerId, long kudosRewards, Map<String, Long> kudosDetails) {
}
