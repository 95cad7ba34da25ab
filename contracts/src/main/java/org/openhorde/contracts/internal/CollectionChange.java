package org.openhorde.contracts.internal;

import java.util.List;

/** A collection created or modified (null: unchanged) by {@code actor}; {@code styles} are style ids or names. */
public record CollectionChange(StyleActor actor, String name, String info, Boolean isPublic, List<String> styles) {
}
