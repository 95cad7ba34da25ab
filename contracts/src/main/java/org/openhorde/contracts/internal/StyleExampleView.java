package org.openhorde.contracts.internal;

import java.util.UUID;

/** An image style's example picture: where it is hosted and whether it is the style's primary one. */
public record StyleExampleView(UUID id, String url, boolean primary) {
}
