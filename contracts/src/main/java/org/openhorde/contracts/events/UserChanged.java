package org.openhorde.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something the gateway may hold about a user went stale: their trust, a role or limit, their API key, or the user
 * is gone. kudos-service writes it to its outbox in the same transaction as the change; every gateway replica drops
 * what it cached for the user, so the next call authenticates afresh. Balances are not announced here (they change
 * with every job; see {@code KudosPosted}).
 *
 * @param userId the user whose cached account is stale
 * @param change what changed, for logs and metrics: {@link #TRUST}, {@link #API_KEY}, {@link #DELETED}, ...
 */
public record UserChanged(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        long userId,
        String change) implements HordeEvent {

    public static final String TYPE = "UserChanged";
    public static final int VERSION = 1;

    /** Trusted or untrusted, by an operator or automatically. */
    public static final String TRUST = "trust";
    /** The user's API key was replaced: the old one must stop working. */
    public static final String API_KEY = "api_key";
    /** Roles or limits: moderator, admin, concurrency, worker limits. */
    public static final String LIMITS = "limits";
    public static final String DELETED = "deleted";
    /** One of the user's shared keys was changed, deleted or ran out: gateways must verify it afresh. */
    public static final String SHARED_KEY = "shared_key";

    public static UserChanged of(long userId, String change) {
        return new UserChanged(UUID.randomUUID(), TYPE, VERSION, Instant.now(), userId, change);
    }

    /** Per user, so one user's changes stay in order on one partition. */
    @Override
    public String aggregateKey() {
        return "user:" + userId;
    }
}
