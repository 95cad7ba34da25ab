package org.openhorde.contracts.internal;

/** An example picture added or modified by {@code actor}: its https url and whether it becomes the primary one. */
public record StyleExampleChange(StyleActor actor, String url, Boolean primary) {
}
