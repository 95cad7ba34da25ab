package org.openhorde.contracts.internal;

/**
 * The AI Horde's {@code PUT /users/{id}} body, forwarded by the gateway with who asks. Every field is optional;
 * null means "leave as is". Who may set what is kudos-service's {@code UserModificationRules}.
 *
 * @param byUserId the caller, authenticated by the gateway
 * @param kudos    whole kudos to add (negative: remove), posted to the ledger as an admin adjustment
 */
public record UserModification(
        long byUserId,
        Long kudos,
        Integer concurrency,
        Double usageMultiplier,
        Integer workerInvited,
        Boolean moderator,
        Boolean publicWorkers,
        String username,
        Boolean trusted,
        Boolean flagged,
        Boolean customizer,
        Boolean vpn,
        Boolean service,
        Boolean education,
        Boolean special,
        Boolean undelete,
        String contact) {
}
