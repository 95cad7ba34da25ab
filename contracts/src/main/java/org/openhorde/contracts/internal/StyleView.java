package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A style as job-service stores it (the AI Horde's {@code Style}): a prompt template with {@code {p}} and {@code {np}},
 * the params and models it imposes, its tags, examples, owner and use count.
 *
 * @param type    {@code image} or {@code text}
 * @param params  the generation params the style imposes, as given (validated by the gateway)
 * @param ownerId the user who created it; {@code creator} is their alias when they created it
 * @param sharedKeyId the owner's shared key that pays for requests using the style while it is usable (kudos-service
 *                    owns the key; a deleted key's id may linger until detached and then pays nothing), or null
 */
public record StyleView(UUID id, String type, String name, String info, String prompt, Map<String, Object> params,
                        List<String> models, List<String> tags, boolean isPublic, boolean nsfw, long ownerId,
                        String creator, long useCount, List<StyleExampleView> examples, Instant created,
                        UUID sharedKeyId) {
}
