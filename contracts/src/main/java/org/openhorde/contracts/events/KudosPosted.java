package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One ledger event of kudos-service, with all its postings: a settled job, a transfer, an award, an escrow release,
 * an uptime reward... The postings sum to zero. Read models rebuild any balance by summing the postings of each event
 * once (the event id is the ledger event's id, so a republished event is recognised).
 *
 * @param kind      what moved the kudos ({@code job_settlement}, {@code transfer}, {@code award}, {@code admin_grant},
 *                  {@code escrow_release}, {@code uptime_reward}, {@code bootstrap})
 * @param reference a human-readable pointer to the business fact (e.g. {@code job:<id>})
 */
public record KudosPosted(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        String kind,
        String reference,
        List<Posting> postings) implements HordeEvent {

    public static final String TYPE = "KudosPosted";
    public static final int VERSION = 1;

    /**
     * One leg: {@code amount} centikudos into (positive) or out of (negative) {@code account}.
     *
     * @param account  {@code user:<id>}, {@code escrow:user:<id>}, {@code treasury} or {@code burn}
     * @param category the AI Horde {@code kudos_details} key or a ledger-only category (tax, floor_adjustment...)
     */
    public record Posting(String account, long amount, String category) {
    }

    /** @param ledgerEventId the ledger event's own id, reused as the event id */
    public static KudosPosted of(UUID ledgerEventId, Instant recordedAt, String kind, String reference,
                                 List<Posting> postings) {
        return new KudosPosted(ledgerEventId, TYPE, VERSION, recordedAt, kind, reference, List.copyOf(postings));
    }

    /** Keyed by the ledger event: an event touches several accounts, so no single account can be its key. */
    @Override
    public String aggregateKey() {
        return eventId.toString();
    }
}
