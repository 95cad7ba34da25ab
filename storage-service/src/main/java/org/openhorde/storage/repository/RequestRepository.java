package org.openhorde.storage.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.storage.domain.RequesterProfile;
import org.openhorde.storage.domain.UserType;

/** The requester snapshot of each accepted request, kept as long as the request's objects. */
@ApplicationScoped
public class RequestRepository {

    /** Records the request (a replay only extends its retention). */
    public Uni<Void> record(SqlClient client, UUID requestId, RequesterProfile profile, Duration retention) {
        OffsetDateTime submittedAt = profile.submittedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : profile.submittedAt().atOffset(ZoneOffset.UTC);
        return client.preparedQuery("""
                        insert into requests (request_id, user_type, images_requested, submitted_at, retain_until)
                        values ($1, $2, $3, $4, now() + make_interval(secs => $5::bigint))
                        on conflict (request_id) do update set retain_until = greatest(requests.retain_until,
                                                                                       excluded.retain_until)
                        """)
                .execute(Tuple.tuple(Arrays.asList(requestId,
                        profile.userType() == null ? null : profile.userType().wire(), profile.imagesRequested(),
                        submittedAt, retention.toSeconds())))
                .replaceWithVoid();
    }

    /** The request's last activity was now: it is kept at least {@code retention} longer. */
    public Uni<Void> touch(SqlClient client, UUID requestId, Duration retention) {
        return client.preparedQuery("""
                        update requests set retain_until = greatest(retain_until, now() + make_interval(secs => $2::bigint))
                        where request_id = $1
                        """)
                .execute(Tuple.of(requestId, retention.toSeconds()))
                .replaceWithVoid();
    }

    public Uni<Optional<RequesterProfile>> find(SqlClient client, UUID requestId) {
        return client.preparedQuery("select user_type, images_requested, submitted_at from requests where request_id = $1")
                .execute(Tuple.of(requestId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(profile(rows.iterator().next())));
    }

    /**
     * Forgets requests whose retention ended {@code grace} ago; returns how many. The grace keeps a request's
     * snapshot past its objects, so that a completion consumed late still finds it for its sidecar.
     */
    public Uni<Integer> deleteExpired(SqlClient client, Duration grace) {
        return client.preparedQuery("delete from requests where retain_until < now() - make_interval(secs => $1::bigint)")
                .execute(Tuple.of(grace.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private static RequesterProfile profile(Row row) {
        OffsetDateTime submittedAt = row.getOffsetDateTime("submitted_at");
        Instant at = submittedAt == null ? null : submittedAt.toInstant();
        return new RequesterProfile(UserType.fromWire(row.getString("user_type")), row.getLong("images_requested"),
                at);
    }
}
