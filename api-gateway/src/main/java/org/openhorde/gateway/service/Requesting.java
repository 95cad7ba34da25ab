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
 */
public record Requesting(UserAccount payer, SharedKeyDetails sharedKey, boolean lowestPriority) {

    /** The AI Horde's priority of a downgraded request: as an anonymous user's, -50 kudos. */
    static final long LOWEST_PRIORITY = -50_00;

    public static Requesting own(UserAccount account) {
        return new Requesting(account, null, false);
    }

    public UUID sharedKeyId() {
        return sharedKey == null ? null : sharedKey.id();
    }

    public Requesting withLowestPriority() {
        return new Requesting(payer, sharedKey, true);
    }

    /** The requester as events carry it; {@code imagesRequested} only where the shared dataset needs it. */
    public Requester requester(Long imagesRequested) {
        return new Requester(payer.id(), payer.alias(), payer.anonymous(), payer.trusted(),
                lowestPriority ? Math.min(LOWEST_PRIORITY, payer.kudos()) : payer.kudos(), payer.pseudonymous(),
                imagesRequested, sharedKeyId());
    }
}
