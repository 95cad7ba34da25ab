package org.openhorde.contracts.internal;

/**
 * What moderators set on a user besides trust and roles (the AI Horde's user flags), as kudos-service stores it.
 *
 * @param flagged         the user's workers are in permanent maintenance and kudos cannot move to or from them
 * @param workerInvited   how many workers the user may join while the horde is in worker invite-only mode
 * @param usageMultiplier what their kudos consumption is multiplied by (1 = normal); only the operator sets it
 * @param publicWorkers   whether anyone may see their worker ids
 * @param contact         how moderators can reach them; shown only to themselves and to moderators
 */
public record UserStanding(
        boolean flagged,
        boolean customizer,
        boolean vpn,
        boolean service,
        boolean education,
        boolean special,
        boolean deleted,
        boolean publicWorkers,
        int workerInvited,
        double usageMultiplier,
        String contact) {

    /** A user nobody has touched: the defaults of the AI Horde's new user. */
    public static final UserStanding ORDINARY =
            new UserStanding(false, false, false, false, false, false, false, false, 0, 1.0, null);
}
