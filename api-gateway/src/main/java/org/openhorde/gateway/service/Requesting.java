package org.openhorde.gateway.service;

import java.util.UUID;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.internal.SharedKeyDetails;
import org.openhorde.contracts.internal.UserAccount;

/**
 * Who a generation request is made by: the account that pays, and the shared key it was made with (null for the
 * user's own key, and for an empty shared key downgraded to anonymous).
 *
 * @param lowestPriority the AI Horde's {@code downgrade_wp_priority}: the request waits behind everybody's
 * @param styleKey       the shared key is the one of the style the request uses (decision 0044): its owner chose to
 *                       pay for the style, so the key's per-job limits are not applied (its budget is), as the AI
 *                       Horde skips {@code is_job_within_limits} for a style's own key
 */
public record Requesting(UserAccount payer, SharedKeyDetails sharedKey, boolean lowestPriority, boolean styleKey) {

    /** The AI Horde's priority of a downgraded request: as an anonymous user's, -50 kudos. */
    static final long LOWEST_PRIORITY = -50_00;

    public static Requesting own(UserAccount account) {
        return new Requesting(account, null, false, false);
    }

    /** Paid through a shared key whose per-job limits apply: one sent as the apikey, not a style's. */
    public boolean keyLimitsApply() {
        return sharedKey != null && !styleKey;
    }

    public UUID sharedKeyId() {
        return sharedKey == null ? null : sharedKey.id();
    }

    public Requesting withLowestPriority() {
        return new Requesting(payer, sharedKey, true, styleKey);
    }

    /** The requester as events carry it; {@code imagesRequested} only where the shared dataset needs it. */
    public Requester requester(Long imagesRequested) {
        return new Requester(payer.id(), payer.alias(), payer.anonymous(), payer.trusted(),
                lowestPriority ? Math.min(LOWEST_PRIORITY, payer.kudos()) : payer.kudos(), payer.pseudonymous(),
                imagesRequested, sharedKeyId());
    }
}
