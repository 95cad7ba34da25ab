package org.openhorde.storage.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.events.JobSubmitted;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.UserType;

/**
 * Records each accepted request's requester snapshot (for the sidecars of its shared images), records the object keys
 * of all its images for the retention sweep, and keeps its sources from the moment it is queued. Exactly once per
 * event (inbox).
 *
 * <p>The gateway signs a pop's URLs itself, so nothing tells this service when a request is popped: everything a worker
 * may write or read is kept {@code retention} from the request's arrival, which must outlast the request's time to
 * live (job-service's {@code request-ttl}, 20 min, against 30 min) so that no source is swept while the request can
 * still be popped. A delivered image is kept {@code retention} from its delivery (JobCompleted).
 */
@ApplicationScoped
public class RequestIntake {

    private final Pool pool;
    private final StorageConfig config;

    RequestIntake(Pool pool, StorageConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Returns false for an event that was recorded before. One statement (decision 0048): the inbox claim, the
     * request's record, its images' retention rows and the touch of its other objects (its sources) are data-modifying
     * CTEs of one insert, each guarded by the claim, so the event is recorded entirely or not at all without a
     * transaction around it. Four statements and a BEGIN/COMMIT before, for every request.
     */
    public Uni<Boolean> record(JobSubmitted event, String topic) {
        OffsetDateTime submittedAt = event.occurredAt() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : event.occurredAt().atOffset(ZoneOffset.UTC);
        UserType userType = UserType.of(event.requester());
        List<UUID> jobIds = event.jobIds() == null ? List.of() : event.jobIds();
        Tuple row = Tuple.tuple(Arrays.asList(event.eventId(), topic, event.requestId(),
                userType == null ? null : userType.wire(), event.requester().imagesRequested(), submittedAt,
                config.retention().toSeconds(), config.buckets().generations(),
                generationKeys(jobIds).toArray(String[]::new), jobIds.toArray(UUID[]::new)));
        // The touch leaves out the rows the same statement inserts or updates: one statement must not change a row
        // twice (PostgreSQL would keep either change), and those rows get the same deadline anyway.
        return pool.preparedQuery("""
                        with claimed as (
                            insert into inbox (event_id, topic, outcome) values ($1, $2, 'recorded')
                            on conflict (event_id) do nothing
                            returning event_id
                        ), request as (
                            insert into requests (request_id, user_type, images_requested, submitted_at, retain_until)
                            select $3::uuid, $4::varchar, $5::bigint, $6::timestamptz, now() + make_interval(secs => $7::bigint) from claimed
                            on conflict (request_id) do update
                               set retain_until = greatest(requests.retain_until, excluded.retain_until)
                        ), kept as (
                            insert into retained_objects (bucket, object_key, request_id, job_id, retain_until)
                            select $8::varchar, image.object_key, $3::uuid, image.job_id, now() + make_interval(secs => $7::bigint)
                              from claimed, unnest($9::text[], $10::uuid[]) as image (object_key, job_id)
                            on conflict (bucket, object_key) do update
                               set retain_until = greatest(retained_objects.retain_until, excluded.retain_until),
                                   request_id = coalesce(retained_objects.request_id, excluded.request_id),
                                   job_id = coalesce(retained_objects.job_id, excluded.job_id)
                        ), touched as (
                            update retained_objects
                               set retain_until = greatest(retain_until, now() + make_interval(secs => $7::bigint))
                             where request_id = $3 and exists (select 1 from claimed)
                               and not (bucket = $8 and object_key = any($9::text[]))
                        )
                        select count(*) as fresh from claimed
                        """)
                .execute(row)
                .map(rows -> rows.iterator().next().getLong("fresh") == 1);
    }

    private static List<String> generationKeys(List<UUID> jobIds) {
        return jobIds.stream().map(ObjectKeys::generation).toList();
    }
}
