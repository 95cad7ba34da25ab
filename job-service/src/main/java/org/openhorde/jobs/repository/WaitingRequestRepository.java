package org.openhorde.jobs.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.UUID;
import org.openhorde.contracts.events.ImageRequestSpec;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.contracts.events.Requester;
import org.openhorde.contracts.events.TextRequestSpec;
import java.util.Locale;
import org.openhorde.jobs.domain.RequestDemands;
import org.openhorde.jobs.domain.WaitingRequest;

/** Accepted image requests. The spec is kept whole as JSON; the columns matching filters on are copied out of it. */
@ApplicationScoped
public class WaitingRequestRepository {

    private final ObjectMapper json;

    WaitingRequestRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Queues the request of a {@link JobSubmitted}. Its priority is the requester's kudos, aging by
     * {@code agingPerSecond} centikudos per second (see V3__priority_aging.sql for why a fixed rank does that); its
     * age and its time to live count from when the gateway accepted it. Returns false when the request id is already
     * queued.
     */
    public Uni<Boolean> insert(SqlClient client, JobSubmitted event, Duration ttl, long agingPerSecond) {
        Uni<Boolean> inserted = event.text() ? insertText(client, event, ttl, agingPerSecond)
                : insertImage(client, event, ttl, agingPerSecond);
        UUID sharedKey = event.requester().sharedKeyId();
        if (sharedKey == null) {
            return inserted;
        }
        // Rare (only requests made with a shared key), so a second statement rather than a column in both inserts.
        return inserted.call(fresh -> !fresh ? Uni.createFrom().voidItem()
                : client.preparedQuery("update waiting_requests set requester_shared_key = $2 where id = $1")
                        .execute(Tuple.of(event.requestId(), sharedKey)).replaceWithVoid());
    }

    private Uni<Boolean> insertImage(SqlClient client, JobSubmitted event, Duration ttl, long agingPerSecond) {
        ImageRequestSpec spec = event.spec();
        Requester requester = event.requester();
        List<String> models = spec.models() == null ? List.of() : spec.models();
        RequestDemands demands = RequestDemands.of(spec);
        OffsetDateTime submittedAt = event.occurredAt() == null ? null
                : event.occurredAt().atOffset(ZoneOffset.UTC);
        Tuple values = Tuple.tuple(Arrays.asList(event.requestId(), write(spec), models.toArray(String[]::new),
                spec.params().pixels(), spec.nsfw(), requester.userId(), requester.alias(), requester.anonymous(),
                requester.trusted(), requester.kudos(), event.pricePerImage(), event.taxPerImage(), event.shared(),
                event.clientAgent(), submittedAt, ttl.toSeconds(), agingPerSecond, demands.img2img(),
                demands.painting(), demands.postProcessing(), demands.lora(), demands.controlnet(),
                demands.trustedWorkers(), demands.slowWorkers(), demands.workerIds().toArray(String[]::new),
                demands.workerBlacklist(), demands.promptLower(), demands.steps(), event.jobIds().size(),
                demands.stepLimit(), demands.extraSlowWorkers(), demands.extraSourceImages()));
        return client.preparedQuery("""
                        insert into waiting_requests (id, spec, models, pixels, nsfw, requester_user_id, requester_alias,
                                                      requester_anonymous, requester_trusted, requester_kudos,
                                                      price_per_image, tax_per_image, shared, priority, client_agent,
                                                      created_at, expires_at, queue_rank, needs_img2img,
                                                      needs_painting, post_processing, lora, controlnet,
                                                      trusted_workers, slow_workers, worker_ids, worker_blacklist,
                                                      prompt_lower, steps, images, need_key, step_limit,
                                                      extra_slow_workers, extra_source_images)
                        values ($1, $2::text::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $10, $14,
                                coalesce($15, now()), coalesce($15, now()) + make_interval(secs => $16::bigint),
                                $10::bigint - $17::bigint * extract(epoch from coalesce($15, now())),
                                $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
                                request_need_key($3, $4, $5, $18, $19, $20, $21, $22, $23, $25, $26), $30, $31,
                                $32)
                        on conflict (id) do nothing
                        """)
                .execute(values)
                .map(rows -> rows.rowCount() == 1)
                .call(inserted -> inserted ? insertNeed(client, event.requestId()) : Uni.createFrom().voidItem());
    }

    /**
     * Queues a text request (V12_1__text_requests.sql): the same row, rank, expiry and need as an image request, with
     * the text match columns instead of the image ones (a text request's pixels are 0, so its need never equals an
     * image request's).
     */
    private Uni<Boolean> insertText(SqlClient client, JobSubmitted event, Duration ttl, long agingPerSecond) {
        TextRequestSpec spec = event.textSpec();
        Requester requester = event.requester();
        List<String> models = spec.models() == null ? List.of() : spec.models();
        List<String> workerIds = spec.workers() == null ? List.of() : spec.workers();
        OffsetDateTime submittedAt = event.occurredAt() == null ? null
                : event.occurredAt().atOffset(ZoneOffset.UTC);
        Tuple values = Tuple.tuple(Arrays.asList(event.requestId(), write(spec), models.toArray(String[]::new),
                spec.nsfw(), requester.userId(), requester.alias(), requester.anonymous(), requester.trusted(),
                requester.kudos(), event.pricePerImage(), event.taxPerImage(), event.clientAgent(), submittedAt,
                ttl.toSeconds(), agingPerSecond, spec.trustedWorkers(), spec.slowWorkers(),
                workerIds.toArray(String[]::new), spec.workerBlacklist(),
                spec.prompt() == null ? "" : spec.prompt().toLowerCase(Locale.ROOT), event.jobIds().size(),
                spec.params().maxLength(), spec.params().maxContextLength(), spec.softprompt(),
                spec.validatedBackends()));
        return client.preparedQuery("""
                        insert into waiting_requests (id, spec, models, pixels, nsfw, requester_user_id, requester_alias,
                                                      requester_anonymous, requester_trusted, requester_kudos,
                                                      price_per_image, tax_per_image, shared, priority, client_agent,
                                                      created_at, expires_at, queue_rank, trusted_workers,
                                                      slow_workers, worker_ids, worker_blacklist, prompt_lower,
                                                      steps, images, need_key, kind, max_length, max_context_length,
                                                      softprompt, validated_backends)
                        values ($1, $2::text::jsonb, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, false, $9, $12,
                                coalesce($13, now()), coalesce($13, now()) + make_interval(secs => $14::bigint),
                                $9::bigint - $15::bigint * extract(epoch from coalesce($13, now())),
                                $16, $17, $18, $19, $20, 0, $21,
                                request_need_key($3, 0, $4, false, false, false, false, false, $16, $18, $19),
                                'text', $22, $23, $24, $25)
                        on conflict (id) do nothing
                        """)
                .execute(values)
                .map(rows -> rows.rowCount() == 1)
                .call(inserted -> inserted ? insertNeed(client, event.requestId()) : Uni.createFrom().voidItem());
    }

    /** Records the request's need (V8__queue_needs.sql) unless a request with the same need did so before. */
    private static Uni<Void> insertNeed(SqlClient client, UUID requestId) {
        return client.preparedQuery("""
                        insert into request_needs (need_key, models, pixels, nsfw, needs_img2img, needs_painting,
                                                   post_processing, lora, controlnet, trusted_workers, worker_ids,
                                                   worker_blacklist)
                        select need_key, models, pixels, nsfw, needs_img2img, needs_painting, post_processing, lora,
                               controlnet, trusted_workers, worker_ids, worker_blacklist
                          from waiting_requests where id = $1
                        on conflict do nothing
                        """)
                .execute(Tuple.of(requestId))
                .replaceWithVoid();
    }

    public Uni<WaitingRequest> get(SqlClient client, UUID id) {
        return client.preparedQuery("""
                        select id, kind, spec::text as spec, requester_user_id, requester_alias,
                               requester_anonymous, requester_trusted, requester_kudos, price_per_image,
                               tax_per_image, shared, requester_shared_key
                          from waiting_requests where id = $1
                        """)
                .execute(Tuple.of(id))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Requester requester = new Requester(row.getLong("requester_user_id"),
                            row.getString("requester_alias"), row.getBoolean("requester_anonymous"),
                            row.getBoolean("requester_trusted"), row.getLong("requester_kudos"), null, null,
                            row.getUUID("requester_shared_key"));
                    boolean text = "text".equals(row.getString("kind"));
                    String spec = row.getString("spec");
                    return new WaitingRequest(row.getUUID("id"), requester, text ? null : read(spec),
                            row.getLong("price_per_image"), row.getLong("tax_per_image"), row.getBoolean("shared"),
                            text ? readText(spec) : null);
                });
    }

    private TextRequestSpec readText(String spec) {
        try {
            return json.readValue(spec, TextRequestSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored text spec no longer reads as TextRequestSpec", e);
        }
    }

    private String write(Object spec) {
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

    /**
     * Active requests past their time to live with no claim or delivery within it either (activity keeps a request
     * alive, as in the AI Horde), locked for ending.
     */
    public Uni<List<UUID>> lockExpired(SqlClient client, Duration ttl, int limit) {
        return lockExpired(client, ttl, ttl, limit);
    }

    /** {@link #lockExpired}, with text requests' activity judged by their own time to live. */
    public Uni<List<UUID>> lockExpired(SqlClient client, Duration ttl, Duration textTtl, int limit) {
        return client.preparedQuery("""
                        select r.id from waiting_requests r
                         where r.state = 'ACTIVE' and r.expires_at < now()
                           and not exists (select 1 from jobs j
                                            where j.request_id = r.id
                                              and greatest(j.claimed_at, j.delivered_at)
                                                  > now() - make_interval(secs => case when r.kind = 'text'
                                                                                  then $3::bigint else $1::bigint end))
                         order by r.expires_at
                         limit $2
                           for update of r skip locked
                        """)
                .execute(Tuple.of(ttl.toSeconds(), limit, textTtl.toSeconds()))
                .map(WaitingRequestRepository::ids);
    }

    /** Active requests whose jobs were given back more than {@code maxAborts} times in all, locked for faulting. */
    public Uni<List<UUID>> lockOverAborted(SqlClient client, int maxAborts, int limit) {
        return client.preparedQuery("""
                        select r.id from waiting_requests r
                          join (select request_id from jobs where aborts > 0
                                 group by request_id having sum(aborts) > $1) a on a.request_id = r.id
                         where r.state = 'ACTIVE'
                         limit $2
                           for update of r skip locked
                        """)
                .execute(Tuple.of(maxAborts, limit))
                .map(WaitingRequestRepository::ids);
    }

    /** Locks a request and returns its state, or empty when there is no such request. */
    public Uni<Optional<String>> lockState(SqlClient client, UUID id) {
        return client.preparedQuery("select state from waiting_requests where id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("state")));
    }

    /** Ends an active request in the given state (FAULTED, CANCELLED or EXPIRED). */
    public Uni<Void> end(SqlClient client, UUID id, String state) {
        // state || '': see JobRepository.LOCK_FIRST_CANDIDATE (three partial indexes hold every ACTIVE request)
        return client.preparedQuery("update waiting_requests set state = $2 where id = $1 and state || '' = 'ACTIVE'")
                .execute(Tuple.of(id, state))
                .replaceWithVoid();
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID("id")));
        return ids;
    }
}
