package org.openhorde.storage.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Transient objects and until when they are kept. Every activity moves a deadline only later ({@code greatest}), so
 * events arriving late or twice never shorten an object's life.
 */
@ApplicationScoped
public class RetainedObjectRepository {

    /** An object due for deletion. */
    public record DueObject(String bucket, String objectKey) {
    }

    /** Records (or keeps longer) objects of one job or request. */
    public Uni<Void> keep(SqlClient client, String bucket, List<String> keys, UUID requestId, List<UUID> jobIds,
                          Duration keepFor) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            rows.add(Tuple.tuple(Arrays.asList(bucket, keys.get(i), requestId,
                    jobIds == null ? null : jobIds.get(i), keepFor.toSeconds())));
        }
        return client.preparedQuery("""
                        insert into retained_objects (bucket, object_key, request_id, job_id, retain_until)
                        values ($1, $2, $3, $4, now() + make_interval(secs => $5::bigint))
                        on conflict (bucket, object_key) do update
                           set retain_until = greatest(retained_objects.retain_until, excluded.retain_until),
                               request_id = coalesce(retained_objects.request_id, excluded.request_id),
                               job_id = coalesce(retained_objects.job_id, excluded.job_id)
                        """)
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Keeps every recorded object of a request (its sources, its delivered generations) at least {@code keepFor}. */
    public Uni<Void> touchRequest(SqlClient client, UUID requestId, Duration keepFor) {
        return client.preparedQuery("""
                        update retained_objects
                           set retain_until = greatest(retain_until, now() + make_interval(secs => $2::bigint))
                         where request_id = $1
                        """)
                .execute(Tuple.of(requestId, keepFor.toSeconds()))
                .replaceWithVoid();
    }

    /**
     * A completed job's activity in one statement (decision 0048; three before): records (or keeps longer) its
     * objects, keeps every other recorded object of its request and the request's record at least {@code keepFor}.
     * The touch leaves out the rows the insert changes, because one statement must not change a row twice.
     */
    public Uni<Void> keepWithRequest(SqlClient client, String bucket, List<String> keys, UUID requestId, UUID jobId,
                                     Duration keepFor) {
        return client.preparedQuery("""
                        with kept as (
                            insert into retained_objects (bucket, object_key, request_id, job_id, retain_until)
                            select $1::varchar, object_key, $3::uuid, $4::uuid, now() + make_interval(secs => $5::bigint)
                              from unnest($2::text[]) as object_key
                            on conflict (bucket, object_key) do update
                               set retain_until = greatest(retained_objects.retain_until, excluded.retain_until),
                                   request_id = coalesce(retained_objects.request_id, excluded.request_id),
                                   job_id = coalesce(retained_objects.job_id, excluded.job_id)
                        ), touched as (
                            update retained_objects
                               set retain_until = greatest(retain_until, now() + make_interval(secs => $5::bigint))
                             where request_id = $3 and not (bucket = $1 and object_key = any($2::text[]))
                        )
                        update requests
                           set retain_until = greatest(retain_until, now() + make_interval(secs => $5::bigint))
                         where request_id = $3
                        """)
                .execute(Tuple.tuple(Arrays.asList(bucket, keys.toArray(String[]::new), requestId, jobId,
                        keepFor.toSeconds())))
                .replaceWithVoid();
    }

    /** Keeps these objects at least {@code keepFor}; returns the keys that are recorded (the others are gone). */
    public Uni<List<String>> touch(SqlClient client, String bucket, List<String> keys, Duration keepFor) {
        return client.preparedQuery("""
                        update retained_objects
                           set retain_until = greatest(retain_until, now() + make_interval(secs => $3::bigint))
                         where bucket = $1 and object_key = any($2)
                        returning object_key
                        """)
                .execute(Tuple.of(bucket, keys.toArray(String[]::new), keepFor.toSeconds()))
                .map(rows -> {
                    List<String> kept = new ArrayList<>();
                    rows.forEach(row -> kept.add(row.getString("object_key")));
                    return kept;
                });
    }

    /**
     * Locks up to {@code limit} objects whose time is up, in the buckets given (never the shared bucket), for the
     * caller's transaction; another instance sweeping at the same time skips them.
     */
    public Uni<List<DueObject>> lockDue(SqlClient client, List<String> buckets, int limit) {
        return client.preparedQuery("""
                        select bucket, object_key from retained_objects
                         where retain_until < now() and bucket = any($1)
                         order by retain_until limit $2
                         for update skip locked
                        """)
                .execute(Tuple.of(buckets.toArray(String[]::new), limit))
                .map(rows -> {
                    List<DueObject> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new DueObject(row.getString("bucket"), row.getString("object_key")));
                    }
                    return due;
                });
    }

    public Uni<Void> forget(SqlClient client, List<DueObject> objects) {
        List<Tuple> rows = objects.stream().map(o -> Tuple.of(o.bucket(), o.objectKey())).toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem()
                : client.preparedQuery("delete from retained_objects where bucket = $1 and object_key = $2")
                        .executeBatch(rows).replaceWithVoid();
    }
}
