package org.openhorde.kudos.domain;

import java.util.List;
import java.util.UUID;

/**
 * One business event on the ledger and its postings, which sum to zero.
 *
 * @param eventId   the idempotency key: an entry whose id is already on the ledger is not recorded again
 * @param kind      {@code job_settlement}, {@code transfer}, {@code award}, {@code admin_grant},
 *                  {@code escrow_release}, {@code uptime_reward}, {@code bootstrap}
 * @param reference what the event is about, for people reading the ledger (e.g. {@code job:<id>})
 */
public record LedgerEntry(UUID eventId, String kind, String reference, List<Posting> postings) {

    public LedgerEntry {
        postings = List.copyOf(postings);
        if (JobSettlement.sum(postings) != 0) {
            throw new IllegalArgumentException("ledger event " + eventId + " (" + kind + ") does not sum to zero");
        }
    }
}
