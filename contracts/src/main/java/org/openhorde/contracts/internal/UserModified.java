package org.openhorde.contracts.internal;

import java.util.Map;

/**
 * What a {@code PUT /users/{id}} changed, in the AI Horde's {@code UserModify} shape: one entry per field that was
 * set, named as on the wire ({@code new_kudos} in kudos, the rest as sent).
 */
public record UserModified(Map<String, Object> changes) {
}
