package org.openhorde.kudos.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhorde.contracts.events.RatingRecorded;
import org.openhorde.kit.inbox.InboxRepository;
import org.openhorde.kit.outbox.OutboxRelay;
import org.openhorde.kudos.domain.AccountIds;
import org.openhorde.kudos.domain.KudosCategory;
import org.openhorde.kudos.domain.LedgerEntry;
import org.openhorde.kudos.domain.Posting;
import org.openhorde.kudos.repository.LedgerRepository;
import org.openhorde.kudos.repository.UserRepository;

/**
 * Pays the kudos rating-service decided a rating earns: an award minted from the treasury to the rater
 * ({@code kudos_details.awarded}, as the AI Horde's ratings awards), once per rating: the ledger event id derives
 * from the rating id, so the same rating re-announced under a new event id is still paid once.
 */
@ApplicationScoped
public class RatingAwardService {

    private static final Logger LOG = Logger.getLogger(RatingAwardService.class);

    /** What happened to one rating event. */
    public enum Result { AWARDED, DUPLICATE_EVENT, ALREADY_AWARDED, NOTHING_TO_PAY, REJECTED }

    static final String ACCEPTED = "accepted";

    private final Pool pool;
    private final InboxRepository inbox;
    private final LedgerRepository ledger;
    private final UserRepository users;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    RatingAwardService(Pool pool, InboxRepository inbox, LedgerRepository ledger,
                       UserRepository users, OutboxRelay relay, MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.ledger = ledger;
        this.users = users;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** The ledger event id of one rating's award: the idempotency key rating-service's rating id gives. */
    public static UUID awardEventId(UUID ratingId) {
        return UUID.nameUUIDFromBytes(("rating-award:" + ratingId).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Result> award(RatingRecorded event, String topic) {
        return pool.withTransaction(conn -> inbox.claim(conn, event.eventId(), topic)
                        .flatMap(fresh -> fresh ? awardClaimed(conn, event)
                                : Uni.createFrom().item(Result.DUPLICATE_EVENT)))
                .invoke(result -> {
                    metrics.counter("horde_kudos_rating_awards_total", "result", result.name().toLowerCase())
                            .increment();
                    if (result == Result.AWARDED) {
                        relay.nudge();
                    }
                });
    }

    private Uni<Result> awardClaimed(SqlClient conn, RatingRecorded event) {
        long amount = event.reward();
        long raterId = event.userId();
        if (amount <= 0 || raterId == 0 || !ACCEPTED.equals(event.decision()) || event.ratingId() == null) {
            // Anonymous raters, held and excluded ratings earn nothing; the event is still the rating's record.
            return inbox.note(conn, event.eventId(), "ignored", "nothing to pay (" + event.decision() + ")")
                    .replaceWith(Result.NOTHING_TO_PAY);
        }
        Set<String> touched = Set.of(AccountIds.user(raterId), AccountIds.TREASURY);
        return ledger.lockAccounts(conn, touched).flatMap(balances -> {
            if (!balances.keySet().containsAll(touched)) {
                LOG.errorf("rating %s names an unknown rater %d; not paid", event.ratingId(), raterId);
                return inbox.note(conn, event.eventId(), "rejected", "unknown rater").replaceWith(Result.REJECTED);
            }
            String reference = "rating:" + event.ratingId() + " -> user:" + raterId;
            List<Posting> postings = List.of(
                    new Posting(AccountIds.user(raterId), amount, KudosCategory.AWARDED),
                    new Posting(AccountIds.TREASURY, -amount, KudosCategory.AWARDED));
            return ledger.record(conn, new LedgerEntry(awardEventId(event.ratingId()), "rating_award", reference,
                            postings))
                    .flatMap(recorded -> recorded
                            ? users.addToStat(conn, raterId, KudosCategory.AWARDED, amount).replaceWith(Result.AWARDED)
                            : inbox.note(conn, event.eventId(), "already_awarded", reference)
                            .replaceWith(Result.ALREADY_AWARDED));
        });
    }
}
