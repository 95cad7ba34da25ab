package org.openhorde.jobs.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.jobs.domain.WaitingRequest;

/** Accepted image requests. The spec is kept whole as JSON; the columns matching filters on are copied out of it. */
@ApplicationScoped
public class WaitingRequestRepository {

    private final ObjectMapper json;

    WaitingRequestRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Queues the request of a {@link JobSubmitted}. Its priority is the requester's kudos; its age counts from when
     * the gateway accepted it. Returns false when the request id is already queued.
     */
    public Uni<Boolean> insert(SqlClient client, JobSubmitted event, Duration ttl) {
        ImageRequestSpec spec = event.spec();
        Requester requester = event.requester();
        List<String> models = spec.models() == null ? List.of() : spec.models();
        OffsetDateTime submittedAt = event.occurredAt() == null ? null
                : event.occurredAt().atOffset(ZoneOffset.UTC);
        Tuple values = Tuple.tuple(Arrays.asList(event.requestId(), write(spec), models.toArray(String[]::new),
                spec.params().pixels(), spec.nsfw(), requester.userId(), requester.alias(), requester.anonymous(),
                requester.trusted(), requester.kudos(), event.pricePerImage(), event.taxPerImage(), event.shared(),
                event.clientAgent(), submittedAt, ttl.toSeconds()));
        return client.preparedQuery("""
                        insert into waiting_requests (id, spec, models, pixels, nsfw, requester_user_id, requester_alias,
                                                      requester_anonymous, requester_trusted, requester_kudos,
                                                      price_per_image, tax_per_image, shared, priority, client_agent,
                                                      created_at, expires_at)
                        values ($1, $2::text::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $10, $14,
                                coalesce($15, now()), now() + make_interval(secs => $16::bigint))
                        on conflict (id) do nothing
                        """)
                .execute(values)
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<WaitingRequest> get(SqlClient client, UUID id) {
        return client.preparedQuery("""
                        select id, spec::text as spec, requester_user_id, requester_alias, requester_anonymous,
                               requester_trusted, requester_kudos, price_per_image, tax_per_image, shared
                          from waiting_requests where id = $1
                        """)
                .execute(Tuple.of(id))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Requester requester = new Requester(row.getLong("requester_user_id"),
                            row.getString("requester_alias"), row.getBoolean("requester_anonymous"),
                            row.getBoolean("requester_trusted"), row.getLong("requester_kudos"));
                    return new WaitingRequest(row.getUUID("id"), requester, read(row.getString("spec")),
                            row.getLong("price_per_image"), row.getLong("tax_per_image"), row.getBoolean("shared"));
                });
    }

    private String write(ImageRequestSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec record always serialises", e);
        }
    }

    private ImageRequestSpec read(String spec) {
        try {
            return json.readValue(spec, ImageRequestSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored spec no longer reads as ImageRequestSpec", e);
        }
    }
}
