package org.openhorde.contracts.internal;

/** What a submitted form earned its worker, in whole kudos (the AI Horde's {@code reward}). */
public record InterrogationReward(double reward) {
}
