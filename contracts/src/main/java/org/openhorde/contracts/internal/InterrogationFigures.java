package org.openhorde.contracts.internal;

/** Interrogation queue figures for {@code /status/performance}: forms waiting and forms being worked on. */
public record InterrogationFigures(long queuedForms, long processingForms) {
}
