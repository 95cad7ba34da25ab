package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.openhorde.contracts.internal.UserModification;

/**
 * The AI Horde's {@code ModifyUserInput} ({@code PUT /users/{id}}), as sent. {@code monthly_kudos},
 * {@code admin_comment}, {@code reset_suspicion}, {@code generate_proxy_passkey} and {@code filtered} are accepted
 * and ignored: OpenHorde has no recurring kudos, suspicion or proxy passkeys (decision 0036).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModifyUserInput(Long kudos, Integer concurrency, Double usageMultiplier, Integer workerInvited,
                              Boolean moderator, Boolean publicWorkers, String username, Boolean trusted,
                              Boolean flagged, Boolean customizer, Boolean vpn, Boolean service, Boolean education,
                              Boolean special, Boolean undelete, String contact) {

    public UserModification by(long userId) {
        return new UserModification(userId, kudos, concurrency, usageMultiplier, workerInvited, moderator,
                publicWorkers, username, trusted, flagged, customizer, vpn, service, education, special, undelete,
                contact);
    }
}
