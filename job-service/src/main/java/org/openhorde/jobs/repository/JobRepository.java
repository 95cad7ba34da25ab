package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.jobs.config.JobsConfig;
import org.openhorde.jobs.domain.Job;
import org.openhorde.jobs.domain.JobState;
import org.openhorde.jobs.domain.SkippedRequests;
import org.openhorde.jobs.domain.Worker;

/**
 * The queue: jobs (one per image) and the matching that hands them to workers. PostgreSQL is the source of truth;
 * row locks taken with {@code SKIP LOCKED} let concurrent pops pass each other instead of claiming the same job.
 */
@ApplicationScoped
public class JobRepository {

    /**
     * What a worker can take (AI Horde: the SQL pre-filters of a pop plus the rules of {@code can_generate}), one
     * plain predicate per rule so that the queue index is walked in order and each row is tested cheaply.
     * Parameters: see {@link #workerTuple}.
     */
    static final String MATCHES_WORKER = """
            (cardinality(r.models) = 0 or r.models && $1::text[])
            and r.pixels <= $2
            and (not r.nsfw or $3)
            and (not r.needs_img2img or $4)
            and (not r.needs_painting or $5)
            and (not r.post_processing or $6)
            and (not r.lora or $7)
            and (not r.controlnet or $8)
            and (not r.trusted_workers or $9)
            and (cardinality(r.worker_ids) = 0 or ($10 = any(r.worker_ids)) <> r.worker_blacklist)
            and (cardinality($11::text[]) = 0
                 or not exists (select 1 from unnest($11::text[]) word where strpos(r.prompt_lower, word) > 0))
            and (r.slow_workers or not $12)
            and (not $13 or r.steps <= $17)
            and (not $14 or r.requester_trusted or r.requester_user_id = any($18::bigint[])
                 or r.requester_kudos >= r.price_per_image * r.images)
            and (not $16 or r.requester_user_id = $15)
            """;

    /** The next request of a pop's first pass: only the worker's priority users' requests. */
    private static final String NEXT_PRIORITY_REQUEST = """
            select j.request_id
              from waiting_requests r
              join jobs j on j.request_id = r.id and j.state = 'WAITING'
             where r.requester_user_id = any($18::bigint[]) and r.state = 'ACTIVE' and r.expires_at > now() and
            """ + MATCHES_WORKER + """
             order by r.queue_rank desc, r.created_at, r.id, j.idx
             limit 1
               for update of j skip locked
            """;

    /**
     * The next request of a pop's second pass: everybody's. The waiting jobs are walked in queue order on the
     * {@code jobs_pop_order} index (each job carries its request's rank and age, V6_1__pop_in_queue_order.sql), each
     * checked against its request by primary key, so a pop reads only as far as the first job this worker can take,
     * however long the queue. The plan must not depend on table statistics (a generic plan over stale or missing
     * statistics sorted the whole queue on every pop: 0.8 s at 2,000 waiting), hence the per-row subquery instead of a
     * join, run with sorting switched off: the only plan left is the index walk.
     */
    private static final String NEXT_REQUEST = """
            select j.request_id
              from jobs j
             where j.state = 'WAITING'
               and (select r.state = 'ACTIVE' and r.expires_at > now() and
            """ + MATCHES_WORKER + """
                      from waiting_requests r where r.id = j.request_id)
             order by j.queue_rank desc, j.queued_at, j.request_id, j.idx
             limit 1
               for update of j skip locked
            """;

    private final int limitedMaxSteps;

    JobRepository(JobsConfig config) {
        this.limitedMaxSteps = config.limitedMaxSteps();
    }

    public Uni<Void> insertWaiting(SqlClient client, UUID requestId, List<UUID> jobIds) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            rows.add(Tuple.of(jobIds.get(i), requestId, i));
        }
        return client.preparedQuery("""
                        insert into jobs (id, request_id, idx, state, queue_rank, queued_at)
                        select $1, $2, $3, 'WAITING', r.queue_rank, r.created_at from waiting_requests r where r.id = $2
                        on conflict (id) do nothing
                        """)
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /**
     * Finds the request this worker should work on next and locks one of its waiting jobs, so that the request still
     * has a job for this pop when the batch is taken. First pass: the requests of the worker's priority users (its
     * owner and {@code priority_usernames}); second pass: everybody's. Within a pass, highest aged priority first, then
     * oldest.
     */
    public Uni<Optional<UUID>> lockNextRequest(SqlClient client, Worker worker) {
        Tuple values = workerTuple(worker);
        return client.preparedQuery(NEXT_PRIORITY_REQUEST).execute(values)
                .flatMap(priority -> priority.size() > 0 ? Uni.createFrom().item(priority)
                        : worker.ownerOnly() ? Uni.createFrom().item(priority)
                        : everybodysNext(client, values))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("request_id")));
    }

    /** The second pass, with sorting off for just this statement (see {@link #NEXT_REQUEST}). */
    private static Uni<RowSet<Row>> everybodysNext(SqlClient client, Tuple values) {
        return client.query("set local enable_sort = off").execute()
                .flatMap(off -> client.preparedQuery(NEXT_REQUEST).execute(values))
                .call(() -> client.query("set local enable_sort = on").execute());
    }

    /** Locks up to {@code amount} waiting jobs of one request, in image order, skipping those another pop holds. */
    public Uni<List<UUID>> lockWaiting(SqlClient client, UUID requestId, int amount) {
        return client.preparedQuery("""
                        select id from jobs where request_id = $1 and state = 'WAITING'
                         order by idx limit $2 for update skip locked
                        """)
                .execute(Tuple.of(requestId, amount))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    public Uni<Void> claim(SqlClient client, List<UUID> jobIds, UUID workerId, String model, String seed,
                           int ttlSeconds) {
        return client.preparedQuery("""
                        update jobs set state = 'CLAIMED', worker_id = $2, model = $3, seed = $4, claimed_at = now(),
                                        deadline = now() + make_interval(secs => $5::integer)
                         where id = any($1)
                        """)
                .execute(Tuple.of(jobIds.toArray(UUID[]::new), workerId, model, seed, ttlSeconds))
                .replaceWithVoid();
    }

    /** Locks a job for its submission, so two concurrent submits of it are decided one after the other. */
    public Uni<Optional<Job>> lockForSubmit(SqlClient client, UUID jobId) {
        return client.preparedQuery("""
                        select j.id, j.request_id, j.state, j.model, j.seed,
                               w.id as worker_id, w.name as worker_name, w.owner_user_id,
                               lw.owner_user_id as last_owner_user_id
                          from jobs j left join workers w on w.id = j.worker_id
                                      left join workers lw on lw.id = j.last_worker_id
                         where j.id = $1
                           for update of j
                        """)
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    UUID workerId = row.getUUID("worker_id");
                    WorkerRef worker = workerId == null ? null
                            : new WorkerRef(workerId, row.getString("worker_name"), row.getLong("owner_user_id"));
                    return Optional.of(new Job(row.getUUID("id"), row.getUUID("request_id"),
                            JobState.valueOf(row.getString("state")), worker, row.getString("model"),
                            row.getString("seed"), row.getLong("last_owner_user_id")));
                });
    }

    public Uni<Void> deliver(SqlClient client, UUID jobId, JobState state, String seed) {
        return client.preparedQuery("update jobs set state = $2, seed = $3, delivered_at = now() where id = $1")
                .execute(Tuple.of(jobId, state.name(), seed))
                .replaceWithVoid();
    }

    /** What became of a job given back: WAITING again, or ended with its request; and how often it was given back. */
    public record GivenBack(JobState state, int aborts) {
    }

    /**
     * Gives a claimed job back, remembering who had it. While its request is active the job waits again, free for any
     * worker; once the request ended (cancelled, faulted, expired) the job ends with it instead, so that no job waits
     * in a request nobody will serve. Empty when the job was not claimed (any more).
     */
    public Uni<Optional<GivenBack>> giveBack(SqlClient client, UUID jobId) {
        return client.preparedQuery("""
                        update jobs j
                           set state = case when r.state = 'ACTIVE' then 'WAITING' else r.state end,
                               last_worker_id = j.worker_id, worker_id = null, model = null, seed = null,
                               claimed_at = null, deadline = null, aborts = j.aborts + 1
                          from waiting_requests r
                         where j.id = $1 and j.state = 'CLAIMED' and r.id = j.request_id
                        returning j.state, j.aborts
                        """)
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new GivenBack(JobState.valueOf(row.getString("state")),
                            row.getInteger("aborts")));
                });
    }

    /** Claims whose time to live ran out, locked (others' locks skipped) so that one reaper gives each back. */
    public Uni<List<Job>> lockOverdueClaims(SqlClient client, int limit) {
        return client.preparedQuery("""
                        select j.id, j.request_id, j.state, j.model, j.seed,
                               w.id as worker_id, w.name as worker_name, w.owner_user_id,
                               null::bigint as last_owner_user_id
                          from jobs j join workers w on w.id = j.worker_id
                         where j.state = 'CLAIMED' and j.deadline < now()
                         order by j.deadline
                         limit $1
                           for update of j skip locked
                        """)
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Job> overdue = new ArrayList<>();
                    for (Row row : rows) {
                        overdue.add(new Job(row.getUUID("id"), row.getUUID("request_id"), JobState.CLAIMED,
                                new WorkerRef(row.getUUID("worker_id"), row.getString("worker_name"),
                                        row.getLong("owner_user_id")),
                                row.getString("model"), row.getString("seed"), null));
                    }
                    return overdue;
                });
    }

    /**
     * Ends a request's open jobs (waiting ones, and held ones when {@code includeHeld}) in the given state and returns
     * them as they were, so that their end can be announced.
     */
    public Uni<List<Job>> endOpenJobs(SqlClient client, UUID requestId, JobState end, boolean includeHeld) {
        return client.preparedQuery("""
                        with ended as (
                            update jobs set state = $2, deadline = null
                             where request_id = $1 and (state = 'WAITING' or ($3 and state = 'CLAIMED'))
                            returning id, model, seed, worker_id
                        )
                        select e.id, e.model, e.seed, w.id as worker_id, w.name as worker_name, w.owner_user_id
                          from ended e left join workers w on w.id = e.worker_id
                        """)
                .execute(Tuple.of(requestId, end.name(), includeHeld))
                .map(rows -> {
                    List<Job> ended = new ArrayList<>();
                    for (Row row : rows) {
                        UUID workerId = row.getUUID("worker_id");
                        ended.add(new Job(row.getUUID("id"), requestId, end, workerId == null ? null
                                : new WorkerRef(workerId, row.getString("worker_name"), row.getLong("owner_user_id")),
                                row.getString("model"), row.getString("seed"), null));
                    }
                    return ended;
                });
    }

    /**
     * The {@code skipped} histogram: of the requests with waiting images, how many this worker cannot take, by reason
     * (a request counts under every rule it fails, as in the AI Horde). Rules that only exist for an owner-only worker
     * (maintenance, paused) are not reasons: the AI Horde does not report them either.
     */
    public Uni<Map<String, Integer>> skipped(SqlClient client, Worker worker) {
        return client.preparedQuery("""
                        select count(*) filter (where cardinality(r.models) > 0 and not r.models && $1::text[])
                                   as models,
                               count(*) filter (where r.pixels > $2) as max_pixels,
                               count(*) filter (where r.nsfw and not $3) as nsfw,
                               count(*) filter (where r.needs_img2img and not $4) as img2img,
                               count(*) filter (where r.needs_painting and not $5) as painting,
                               count(*) filter (where r.post_processing and not $6) as post_processing,
                               count(*) filter (where r.lora and not $7) as lora,
                               count(*) filter (where r.controlnet and not $8) as controlnet,
                               count(*) filter (where r.trusted_workers and not $9) as untrusted,
                               count(*) filter (where cardinality(r.worker_ids) > 0
                                                  and ($10 = any(r.worker_ids)) = r.worker_blacklist) as worker_id,
                               count(*) filter (where exists (select 1 from unnest($11::text[]) word
                                                               where strpos(r.prompt_lower, word) > 0)) as blacklist,
                               count(*) filter (where not r.slow_workers and $12) as performance,
                               count(*) filter (where $13 and r.steps > $17) as step_count,
                               count(*) filter (where $14 and not r.requester_trusted
                                                  and not r.requester_user_id = any($18::bigint[])
                                                  and r.requester_kudos < r.price_per_image * r.images) as kudos,
                               $15::bigint as owner, $16::boolean as owner_only
                          from waiting_requests r
                         where r.state = 'ACTIVE' and r.expires_at > now()
                           and exists (select 1 from jobs j where j.request_id = r.id and j.state = 'WAITING')
                        """)
                .execute(workerTuple(worker))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    for (String reason : SkippedRequests.REASONS) {
                        counts.put(reason, column(row, reason));
                    }
                    for (String reason : SkippedRequests.LOOP_REASONS) {
                        counts.put(reason, column(row, reason));
                    }
                    return SkippedRequests.histogram(counts);
                });
    }

    private static int column(Row row, String reason) {
        int index = row.getColumnIndex(reason.replace('-', '_'));
        return index < 0 ? 0 : row.getInteger(index);
    }

    /** Images waiting in requests that have not expired. */
    public Uni<Long> countWaiting(SqlClient client) {
        return client.query("""
                        select count(*) as waiting from jobs j join waiting_requests r on r.id = j.request_id
                         where j.state = 'WAITING' and r.expires_at > now()
                        """)
                .execute()
                .map(rows -> rows.iterator().next().getLong("waiting"));
    }

    /** The parameters of {@link #MATCHES_WORKER}, in its numbering. */
    private Tuple workerTuple(Worker worker) {
        return Tuple.tuple(Arrays.asList(worker.models().toArray(String[]::new), worker.maxPixels(), worker.nsfw(),
                worker.allowImg2img(), worker.allowPainting(), worker.allowPostProcessing(), worker.allowLora(),
                worker.allowControlnet(), worker.ownerTrusted(), worker.id().toString(),
                worker.blacklist().toArray(String[]::new), worker.extraSlowWorker(), worker.limitMaxSteps(),
                worker.requireUpfrontKudos(), worker.ownerUserId(), worker.ownerOnly(), limitedMaxSteps,
                worker.priorityUserIds().toArray(Long[]::new)));
    }
}
