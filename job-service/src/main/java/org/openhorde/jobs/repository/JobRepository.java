package org.openhorde.jobs.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import org.openhorde.contracts.events.GenerationMetadata;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openhorde.contracts.events.WorkerRef;
import org.openhorde.jobs.domain.Job;
import org.openhorde.jobs.domain.JobState;
import org.openhorde.jobs.domain.SkippedRequests;
import org.openhorde.jobs.domain.Worker;
import org.openhorde.jobs.domain.WorkerSpeed;

/**
 * The queue: jobs (one per image) and the matching that hands them to workers. PostgreSQL is the source of truth;
 * row locks taken with {@code SKIP LOCKED} let concurrent pops pass each other instead of claiming the same job.
 */
@ApplicationScoped
public class JobRepository {

    /**
     * What a worker can take of a queue slot (AI Horde: the SQL pre-filters of a pop plus the rules of
     * {@code can_generate}; the model is the slot's key), one plain predicate per rule on the slot's own columns, so
     * that skipping a slot reads nothing else. Only a worker with blacklisted words looks at the request's prompt.
     * Parameters: see {@link #workerTuple}.
     */
    static final String SLOT_MATCHES_WORKER = """
            s.expires_at > now()
            and s.pixels <= $2
            and (not s.nsfw or $3)
            and (not s.needs_img2img or $4)
            and (not s.needs_painting or $5)
            and (not s.post_processing or $6)
            and (not s.lora or $7)
            and (not s.controlnet or $8)
            and (not s.trusted_workers or $9)
            and (cardinality(s.worker_ids) = 0 or ($10 = any(s.worker_ids)) <> s.worker_blacklist)
            and (cardinality($11::text[]) = 0
                 or not exists (select 1 from waiting_requests r, unnest($11::text[]) word
                                 where r.id = s.request_id and strpos(r.prompt_lower, word) > 0))
            and (s.slow_workers or not $12)
            and (not $19 or s.extra_slow_workers)
            and (not $13 or s.steps <= coalesce(s.step_limit, $17))
            and (not s.extra_source_images or $21)
            and (not $14 or s.upfront_covered or s.requester_user_id = any($18::bigint[]))
            and (not $16 or s.requester_user_id = $15)
            and not exists (select 1 from fake_jobs f
                             where f.worker_id = ($10::text)::uuid and f.request_id = s.request_id)
            and s.kind = $22
            and s.max_length <= $23
            and s.max_context_length <= $24
            and (coalesce(s.softprompt, '') = '' or s.softprompt = any($25::text[]))
            and (not s.validated_backends or $26)
            """;

    /**
     * Candidates of a pop's first pass: waiting jobs of the worker's priority users (its owner and
     * {@code priority_usernames}), in queue order. Few users' requests, so found by requester and sorted.
     */
    private static final String PRIORITY_CANDIDATES = """
            select s.job_id
              from queue_slots s
             where s.requester_user_id = any($18::bigint[]) and s.model = any($1::text[]) and
            """ + SLOT_MATCHES_WORKER + """
             order by s.queue_rank desc, s.queued_at, s.request_id, s.idx
             limit $20
            """;

    /**
     * Candidates of a pop's second pass: everybody's waiting jobs. For each of the worker's model keys, that model's
     * slots are walked in queue order on {@code queue_slots_pop_order} up to the first {@code $20} the worker can take;
     * the best of all are kept. A pop therefore reads only slots of its own models, and of those only as far as the
     * first it can take, however long the queue (V7__queue_slots.sql).
     */
    private static final String CANDIDATES = """
            select c.job_id
              from unnest($1::text[]) as m(model)
             cross join lateral (
                   select s.job_id, s.queue_rank, s.queued_at, s.request_id, s.idx
                     from queue_slots s
                    where s.model = m.model and
            """ + SLOT_MATCHES_WORKER + """
                    order by s.queue_rank desc, s.queued_at, s.request_id, s.idx
                    limit $20) c
             order by c.queue_rank desc, c.queued_at, c.request_id, c.idx
             limit $20
            """;

    /**
     * Locks the first candidate still waiting, in queue order. Concurrent pops find the same candidates; SKIP LOCKED
     * makes each take the next free one instead of waiting for (or claiming) another's.
     *
     * <p>The state tests here and in {@link #INSERT_SLOTS} are written {@code state || '' = ...} on purpose: a plain
     * {@code state = 'WAITING'} matches the predicate of the partial index {@code jobs_waiting}, and over missing
     * statistics the planner then ANDed a scan of that whole index (every waiting job: 9 ms at 25,000) with the
     * primary-key lookup of the few ids given. As an expression the test is only checked on the rows found by id.
     */
    private static final String LOCK_FIRST_CANDIDATE = """
            select j.request_id
              from jobs j
             where j.id = any($1::uuid[]) and j.state || '' = 'WAITING'
             order by j.queue_rank desc, j.queued_at, j.request_id, j.idx
             limit 1
               for update of j skip locked
            """;

    /** The slots of waiting jobs (see V7__queue_slots.sql): one per model key of the job's request. */
    private static final String INSERT_SLOTS = """
            insert into queue_slots (model, job_id, request_id, idx, queue_rank, queued_at, expires_at, pixels, nsfw,
                                     needs_img2img, needs_painting, post_processing, lora, controlnet,
                                     trusted_workers, slow_workers, worker_ids, worker_blacklist, steps,
                                     requester_user_id, upfront_covered, need_key, megapixelsteps, model_keys,
                                     step_limit, extra_slow_workers, extra_source_images, kind, max_length,
                                     max_context_length, softprompt, validated_backends)
            select m.model, j.id, j.request_id, j.idx, r.queue_rank, r.created_at, r.expires_at, r.pixels, r.nsfw,
                   r.needs_img2img, r.needs_painting, r.post_processing, r.lora, r.controlnet, r.trusted_workers,
                   r.slow_workers, r.worker_ids, r.worker_blacklist, r.steps, r.requester_user_id,
                   r.requester_trusted or r.requester_kudos >= r.price_per_image * r.images,
                   r.need_key, r.megapixelsteps, greatest(cardinality(r.models), 1), r.step_limit,
                   r.extra_slow_workers, r.extra_source_images, r.kind, r.max_length, r.max_context_length,
                   r.softprompt, r.validated_backends
              from jobs j
              join waiting_requests r on r.id = j.request_id
             cross join unnest(case when cardinality(r.models) = 0 then array[''] else r.models end) as m(model)
             where j.id = any($1::uuid[]) and j.state || '' = 'WAITING' and r.state || '' = 'ACTIVE'
            on conflict do nothing
            """;

    /** The two passes of a pop: its candidates query, and whether that query walks the pop-order index. */
    private enum Pass {
        PRIORITY_USERS(PRIORITY_CANDIDATES, false),
        EVERYBODY(CANDIDATES, true);

        final String candidates;
        final boolean walksInOrder;

        Pass(String candidates, boolean walksInOrder) {
            this.candidates = candidates;
            this.walksInOrder = walksInOrder;
        }
    }

    /** How many candidates a pop looks at first: enough that concurrent pops of one model rarely all collide. */
    static final int FIRST_CANDIDATES = 16;

    /** The most candidates a pop looks at before giving up on a queue whose every match others hold. */
    static final int MAX_CANDIDATES = 4096;

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
                .call(() -> insertSlots(client, jobIds))
                .replaceWithVoid();
    }

    private Uni<Void> insertSlots(SqlClient client, List<UUID> jobIds) {
        return client.preparedQuery(INSERT_SLOTS).execute(Tuple.of(jobIds.toArray(UUID[]::new))).replaceWithVoid();
    }

    /**
     * Finds the request this worker should work on next and locks one of its waiting jobs, so that the request still
     * has a job for this pop when the batch is taken. First pass: the requests of the worker's priority users (its
     * owner and {@code priority_usernames}); second pass: everybody's. Within a pass, highest aged priority first, then
     * oldest.
     */
    public Uni<Optional<UUID>> lockNextRequest(SqlClient client, Worker worker) {
        return lockFirst(client, worker, Pass.PRIORITY_USERS, FIRST_CANDIDATES)
                .flatMap(priority -> priority.isPresent() || worker.ownerOnly() ? Uni.createFrom().item(priority)
                        : lockFirst(client, worker, Pass.EVERYBODY, FIRST_CANDIDATES));
    }

    /**
     * Locks the first free job among the pass's first {@code limit} candidates. When other pops hold every one of
     * them and there may be more, looks again further down the queue; when fewer than asked came back, the pass has
     * nothing more for this worker.
     */
    private Uni<Optional<UUID>> lockFirst(SqlClient client, Worker worker, Pass pass, int limit) {
        return candidates(client, pass, workerTuple(worker, limit))
                .flatMap(rows -> {
                    List<UUID> candidates = new ArrayList<>(rows.size());
                    rows.forEach(row -> candidates.add(row.getUUID("job_id")));
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().item(Optional.<UUID>empty());
                    }
                    return client.preparedQuery(LOCK_FIRST_CANDIDATE)
                            .execute(Tuple.of(candidates.toArray(UUID[]::new)))
                            .flatMap(locked -> {
                                if (locked.size() > 0) {
                                    return Uni.createFrom().item(
                                            Optional.of(locked.iterator().next().getUUID("request_id")));
                                }
                                boolean more = candidates.size() >= limit && limit < MAX_CANDIDATES;
                                return more ? lockFirst(client, worker, pass, limit * 4)
                                        : Uni.createFrom().item(Optional.<UUID>empty());
                            });
                });
    }

    /**
     * Runs a candidates query, always on its generic plan, and the second pass with sorting switched off.
     *
     * <p>Sorting off: so that the second pass's plan cannot depend on table statistics: over stale or missing ones (this
     * PostgreSQL may run without autovacuum) the planner preferred reading every slot of the model and sorting them
     * (120 ms at 100,000 waiting) to walking the index in order (0.2 ms). With sorting off, the walk is the only plan
     * left for each model; only the handful of candidates are sorted. (Plans costed with sorting off look expensive,
     * which is why the services run with PostgreSQL's JIT off: see application.properties.)
     *
     * <p>Generic plan (decision 0055): under {@code plan_cache_mode=auto} PostgreSQL planned both queries afresh on
     * every pop, because a custom plan for the pop's own arrays (a worker's one or two models, its owner alone as
     * priority user) always looks cheaper than the generic one: planning took 10–15 times as long as running them.
     * Their plan does not depend on the values: the walk is the only plan with sorting off, and the priority pass is
     * looked up by requester. A generic plan is made once per connection and made again when {@code TableStatistics}
     * analyzes the table (an ANALYZE invalidates the plans of the tables it touches), so a plan made on an empty
     * table does not outlive the table's growth.
     *
     * <p>The statements are pipelined (decision 0047): all are queued on the connection at once, which sends them
     * without waiting for each answer (the client's pipelining; the server still runs them one after the other, in
     * order, in this transaction), so the settings around the query cost no round trips of their own.
     */
    private static Uni<RowSet<Row>> candidates(SqlClient client, Pass pass, Tuple values) {
        return Uni.combine().all().unis(
                        client.query(pass.walksInOrder ? GENERIC_UNSORTED : GENERIC).execute(),
                        client.preparedQuery(pass.candidates).execute(values),
                        client.query(pass.walksInOrder ? BACK_TO_DEFAULTS_SORTED : BACK_TO_DEFAULTS).execute())
                .with((before, candidates, after) -> candidates);
    }

    private static final String GENERIC = "set local plan_cache_mode = force_generic_plan";
    private static final String GENERIC_UNSORTED = GENERIC + "; set local enable_sort = off";
    /** {@code default}: the connection's own setting (service-kit sets {@code auto}), not a value written here twice. */
    private static final String BACK_TO_DEFAULTS = "set local plan_cache_mode = default";
    private static final String BACK_TO_DEFAULTS_SORTED = BACK_TO_DEFAULTS + "; set local enable_sort = on";

    /**
     * Claims up to {@code amount} waiting jobs of one request for a worker, in image order, skipping those another pop
     * holds (FOR UPDATE SKIP LOCKED, as a separate lock query did before), and removes their queue slots: one
     * statement instead of three (decision 0029). Returns the claimed jobs' ids in image order.
     */
    public Uni<List<UUID>> claimWaiting(SqlClient client, UUID requestId, int amount, UUID workerId, String model,
                                        String seed, int ttlSeconds) {
        return client.preparedQuery("""
                        with locked as (
                            select id, idx from jobs where request_id = $1 and state = 'WAITING'
                             order by idx limit $2 for update skip locked
                        ), claimed as (
                            update jobs j set state = 'CLAIMED', worker_id = $3, model = $4, seed = $5,
                                              claimed_at = now(), deadline = now() + make_interval(secs => $6::integer)
                              from locked l
                             where j.id = l.id
                            returning j.id, l.idx
                        ), unslotted as (
                            delete from queue_slots where job_id in (select id from claimed)
                        )
                        select id from claimed order by idx
                        """)
                .execute(Tuple.tuple(Arrays.asList(requestId, amount, workerId, model, seed, ttlSeconds)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
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

    /**
     * Delivers an image job and credits its worker in one statement (decision 0047; two before): the job's state,
     * seed and delivery time, and the worker's tally, earned centikudos and measured speed
     * ({@link WorkerRepository#credit}'s, over its last {@code $6} deliveries). The speed's sample must include this
     * delivery, which the statement's snapshot does not show as delivered yet (all parts of one statement see the
     * rows as they were before it), so the delivery is taken from the update's {@code returning} and the worker's
     * earlier deliveries from the table, each newest first, and the newest {@code $6} of both are averaged.
     */
    public Uni<Void> deliverAndCredit(SqlClient client, UUID jobId, JobState state, String seed, UUID workerId,
                                      long reward) {
        return client.preparedQuery("""
                        with delivered as (
                            update jobs set state = $2, seed = $3, delivered_at = now() where id = $1
                            returning request_id, claimed_at, delivered_at, state
                        ), samples as (
                            select r.pixels * r.steps as pixelsteps,
                                   extract(epoch from (d.delivered_at - d.claimed_at)) as seconds, d.delivered_at
                              from delivered d join waiting_requests r on r.id = d.request_id
                             where d.state in ('DELIVERED', 'CENSORED') and d.claimed_at is not null
                            union all
                            (select r.pixels * r.steps, extract(epoch from (j.delivered_at - j.claimed_at)),
                                    j.delivered_at
                               from jobs j join waiting_requests r on r.id = j.request_id
                              where j.worker_id = $4 and j.state in ('DELIVERED', 'CENSORED') and j.id <> $1
                                and j.claimed_at is not null and j.delivered_at is not null
                              order by j.delivered_at desc limit $6)
                        )
                        update workers
                           set fulfilments = fulfilments + 1, kudos_earned = kudos_earned + $5,
                               speed = (select avg(s.pixelsteps / greatest(s.seconds, 0.001))
                                          from (select pixelsteps, seconds from samples
                                                 order by delivered_at desc limit $6) s)
                         where id = $4
                        """)
                .execute(Tuple.tuple(Arrays.asList(jobId, state.name(), seed, workerId, reward,
                        WorkerSpeed.SAMPLES)))
                .replaceWithVoid();
    }

    /**
     * Delivers a text job with its text (V12_1: text stays with the job, never in S3) and the worker's gen_metadata
     * (V15_1; null when it sent none).
     */
    public Uni<Void> deliverText(SqlClient client, UUID jobId, JobState state, String seed, String text,
                                 List<GenerationMetadata> genMetadata) {
        String metadata = genMetadata == null || genMetadata.isEmpty() ? null : Json.encode(genMetadata);
        return client.preparedQuery("""
                        update jobs set state = $2, seed = $3, delivered_at = now(), generated_text = $4,
                                        gen_metadata = $5::text::jsonb
                         where id = $1
                        """)
                .execute(Tuple.of(jobId, state.name(), seed, text, metadata))
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
                        return Optional.<GivenBack>empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new GivenBack(JobState.valueOf(row.getString("state")),
                            row.getInteger("aborts")));
                })
                .call(givenBack -> givenBack.filter(back -> back.state() == JobState.WAITING).isPresent()
                        ? insertSlots(client, List.of(jobId)) : Uni.createFrom().voidItem());
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
                        ), unslotted as (
                            delete from queue_slots s using ended e where s.job_id = e.id
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
        if (worker.text()) {
            return skippedText(client, worker);
        }
        return countsPerRequestOnly(worker) ? skippedPerRequest(client, worker) : skippedPerNeed(client, worker);
    }

    /**
     * {@link #skipped} for a scribe: of the text requests with waiting jobs, how many it cannot take, by the AI Horde's
     * text reasons ({@code kobold/worker.py can_generate}) and the shared ones (models, worker ids, trust, blacklist).
     */
    Uni<Map<String, Integer>> skippedText(SqlClient client, Worker worker) {
        List<String> modelKeys = new ArrayList<>(new LinkedHashSet<>(worker.models()));
        return client.preparedQuery("""
                        select count(*) filter (where cardinality(r.models) > 0 and not r.models && $1::text[])
                                   as models,
                               count(*) filter (where r.nsfw and not $2) as nsfw,
                               count(*) filter (where r.trusted_workers and not $3) as untrusted,
                               count(*) filter (where cardinality(r.worker_ids) > 0
                                                  and ($4 = any(r.worker_ids)) = r.worker_blacklist) as worker_id,
                               count(*) filter (where exists (select 1 from unnest($5::text[]) word
                                                               where strpos(r.prompt_lower, word) > 0)) as blacklist,
                               count(*) filter (where r.max_context_length > $6) as max_context_length,
                               count(*) filter (where r.max_length > $7) as max_length,
                               count(*) filter (where coalesce(r.softprompt, '') <> ''
                                                  and not r.softprompt = any($8::text[])) as matching_softprompt,
                               count(*) filter (where r.validated_backends and not $9) as bridge_version
                          from waiting_requests r
                         where r.state = 'ACTIVE' and r.kind = 'text' and r.expires_at > now()
                           and exists (select 1 from jobs j where j.request_id = r.id and j.state = 'WAITING')
                        """)
                .execute(Tuple.tuple(Arrays.asList(modelKeys.toArray(String[]::new), worker.nsfw(),
                        worker.ownerTrusted(), worker.id().toString(), worker.blacklist().toArray(String[]::new),
                        worker.maxContextLength(), worker.maxLength(), worker.softprompts().toArray(String[]::new),
                        worker.validatedBackend())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    for (String reason : SkippedRequests.TEXT_REASONS) {
                        counts.put(reason, column(row, reason));
                    }
                    counts.put("blacklist", column(row, "blacklist"));
                    return SkippedRequests.textHistogram(counts);
                });
    }

    /**
     * The reasons only a request's own row can tell (its prompt for the blacklist, its speed wishes, steps and
     * requester's kudos) count only for a worker that declared the matching option; every other reason is a property
     * of the request's stored need.
     */
    private static boolean countsPerRequestOnly(Worker worker) {
        return !worker.blacklist().isEmpty() || worker.tooSlow() || worker.extraSlowWorker() || worker.limitMaxSteps()
                || worker.requireUpfrontKudos();
    }

    /**
     * {@link #skipped} for a worker without per-request options: each stored need is tested once and counts the
     * requests that wait under it, so the cost follows the distinct needs, not the requests (0.57 s at 100,000
     * waiting, per request). Requests are counted from their queue slots, which exist exactly while a job of an
     * ACTIVE request is WAITING (V7) and carry the request's need key and expiry; the rules read the same columns
     * the per-request query reads, copied into {@code request_needs} (V8).
     */
    Uni<Map<String, Integer>> skippedPerNeed(SqlClient client, Worker worker) {
        return client.preparedQuery("""
                        with waiting as (
                            select need_key, count(distinct request_id) as requests
                              from queue_slots
                             where expires_at > now() and kind = 'image'
                             group by need_key
                        )
                        select coalesce(sum(w.requests) filter (where cardinality(n.models) > 0
                                                                  and not n.models && $1::text[]), 0)::int as models,
                               coalesce(sum(w.requests) filter (where n.pixels > $2), 0)::int as max_pixels,
                               coalesce(sum(w.requests) filter (where n.nsfw and not $3), 0)::int as nsfw,
                               coalesce(sum(w.requests) filter (where n.needs_img2img and not $4), 0)::int as img2img,
                               coalesce(sum(w.requests) filter (where n.needs_painting and not $5), 0)::int as painting,
                               coalesce(sum(w.requests) filter (where n.post_processing and not $6), 0)::int
                                   as post_processing,
                               coalesce(sum(w.requests) filter (where n.lora and not $7), 0)::int as lora,
                               coalesce(sum(w.requests) filter (where n.controlnet and not $8), 0)::int as controlnet,
                               coalesce(sum(w.requests) filter (where n.trusted_workers and not $9), 0)::int
                                   as untrusted,
                               coalesce(sum(w.requests) filter (where cardinality(n.worker_ids) > 0
                                                   and ($10 = any(n.worker_ids)) = n.worker_blacklist), 0)::int
                                   as worker_id
                          from waiting w join request_needs n on n.need_key = w.need_key
                        """)
                .execute(Tuple.tuple(workerValues(worker).subList(0, 10)))
                .map(JobRepository::histogram);
    }

    /** {@link #skipped} request by request: every rule, including those only a request's own row can tell. */
    Uni<Map<String, Integer>> skippedPerRequest(SqlClient client, Worker worker) {
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
                               count(*) filter (where not r.slow_workers and $12)
                                   + count(*) filter (where $19 and not r.extra_slow_workers) as performance,
                               count(*) filter (where $13 and r.steps > coalesce(r.step_limit, $17)) as step_count,
                               count(*) filter (where $14 and not r.requester_trusted
                                                  and not r.requester_user_id = any($18::bigint[])
                                                  and r.requester_kudos < r.price_per_image * r.images) as kudos,
                               $15::bigint as owner, $16::boolean as owner_only
                          from waiting_requests r
                         where r.state = 'ACTIVE' and r.kind = 'image' and r.expires_at > now()
                           and exists (select 1 from jobs j where j.request_id = r.id and j.state = 'WAITING')
                        """)
                .execute(workerTuple(worker))
                .map(JobRepository::histogram);
    }

    private static Map<String, Integer> histogram(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String reason : SkippedRequests.REASONS) {
            counts.put(reason, column(row, reason));
        }
        for (String reason : SkippedRequests.LOOP_REASONS) {
            counts.put(reason, column(row, reason));
        }
        return SkippedRequests.histogram(counts);
    }

    private static int column(Row row, String reason) {
        int index = row.getColumnIndex(reason.replace('-', '_'));
        return index < 0 ? 0 : row.getInteger(index);
    }

    /** The parameters of {@link #SLOT_MATCHES_WORKER} (and of {@link #skipped}), in its numbering. */
    private Tuple workerTuple(Worker worker) {
        return Tuple.tuple(workerValues(worker));
    }

    /**
     * The parameters of the candidate queries: those of {@link #SLOT_MATCHES_WORKER}, $20 how many to find, $21
     * whether its bridge takes extra source images; $22 the kind of request it serves and, for a scribe, $23 its
     * max_length, $24 its max_context_length, $25 its soft prompts, $26 whether its backend is validated.
     */
    private Tuple workerTuple(Worker worker, int candidates) {
        List<Object> values = workerValues(worker);
        values.add(candidates);
        values.add(worker.takesExtraSourceImages());
        values.add(worker.kind());
        values.add(worker.maxLength());
        values.add(worker.maxContextLength());
        values.add(worker.softprompts().toArray(String[]::new));
        values.add(worker.validatedBackend());
        return Tuple.tuple(values);
    }

    /**
     * $1 is the worker's model keys: its models and '' (the key of requests for any model); $12 whether its measured
     * speed is too slow for {@code slow_workers: false}; $17 its own step limit, for requests that name no model;
     * $19 whether it declared {@code extra_slow_worker}.
     */
    private List<Object> workerValues(Worker worker) {
        List<String> modelKeys = new ArrayList<>(new LinkedHashSet<>(worker.models()));
        modelKeys.add("");
        return new ArrayList<>(Arrays.asList(modelKeys.toArray(String[]::new), worker.maxPixels(), worker.nsfw(),
                worker.allowImg2img(), worker.allowPainting(), worker.allowPostProcessing(), worker.allowLora(),
                worker.allowControlnet(), worker.ownerTrusted(), worker.id().toString(),
                worker.blacklist().toArray(String[]::new), worker.tooSlow(), worker.limitMaxSteps(),
                worker.requireUpfrontKudos(), worker.ownerUserId(), worker.ownerOnly(), worker.stepLimit(),
                worker.priorityUserIds().toArray(Long[]::new), worker.extraSlowWorker()));
    }
}
