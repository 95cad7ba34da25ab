package org.openhorde.contracts.internal;

/** Usage and contribution counters of a user, fed by settled jobs. */
public record UserRecords(long usagePixelsteps, long contributionPixelsteps, long imagesRequested,
                          long imagesFulfilled) {
}
