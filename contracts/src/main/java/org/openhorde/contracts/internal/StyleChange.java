package org.openhorde.contracts.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A style created (every field the AI Horde requires is present) or modified (null: unchanged), by {@code actor}.
 * The gateway has validated the prompt template and params against the generation rules before, and
 * {@code sharedKeyId} (null: unchanged) as a usable key of the actor's own (decision 0044).
 */
public record StyleChange(StyleActor actor, String name, String info, String prompt, Map<String, Object> params,
                          List<String> models, List<String> tags, Boolean isPublic, Boolean nsfw,
                          UUID sharedKeyId) {
}
