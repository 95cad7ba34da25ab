package org.openhorde.contracts.internal;

import java.time.Instant;
import java.util.List;

/**
 * A prompt the filters refused at intake, kept for the moderators (the AI Horde reports such a user's suspicion and
 * uploads the prompt for review).
 *
 * @param id        assigned by job-service; 0 when the gateway reports one
 * @param matches   the filter matches that made it suspicious
 * @param createdAt set by job-service
 */
public record BlockedPrompt(long id, long userId, String userAlias, String prompt, List<String> matches,
                            Instant createdAt) {
}
