-- Pop reads a narrow per-model index of the waiting jobs instead of walking every waiting job in queue order.
--
-- V6_1 walked all waiting jobs in queue order and tested each against its (wide) request row. A request no worker of
-- a model could serve was read by every pop of that model, so the cost of a pop grew with how much of the queue
-- ahead was for other models: at 100,000 waiting (30% for a model nobody served) a pop read ~400 wide rows, and an
-- idle worker whose models had no work walked the whole queue before answering "nothing". Real hordes serve hundreds
-- of models, most of them niche, so that is the common case, not the bench's.
--
-- A queue slot is one waiting job under one model key it can run on: each of its request's models, or '' for a
-- request that accepts any model. A pop walks, for each of the worker's models (and ''), that model's slots in queue
-- order on queue_slots_pop_order, and stops at the first few it can take: requests for other models cost nothing.
-- Each slot carries copies of everything matching tests (all fixed at intake), so skipping a slot the worker cannot
-- take (too big, nsfw, ...) reads one narrow row that stays in the buffer cache, never the request's spec.
--
-- Invariant: a slot exists exactly while its job is WAITING in an ACTIVE request. Every statement that moves a job
-- into or out of WAITING maintains its slots in the same transaction, keyed by the job, so the job's row lock orders
-- them (JobRepository).
create table queue_slots (
    model             text             not null,
    job_id            uuid             not null,
    request_id        uuid             not null,
    idx               integer          not null,
    queue_rank        double precision not null,
    queued_at         timestamptz      not null,
    expires_at        timestamptz      not null,
    pixels            bigint           not null,
    nsfw              boolean          not null,
    needs_img2img     boolean          not null,
    needs_painting    boolean          not null,
    post_processing   boolean          not null,
    lora              boolean          not null,
    controlnet        boolean          not null,
    trusted_workers   boolean          not null,
    slow_workers      boolean          not null,
    worker_ids        text[]           not null,
    worker_blacklist  boolean          not null,
    steps             integer          not null,
    requester_user_id bigint           not null,
    -- the requester could pay the whole request up front at submit (or is trusted): require_upfront_kudos workers
    upfront_covered   boolean          not null,
    primary key (job_id, model)
);
create index queue_slots_pop_order on queue_slots (model, queue_rank desc, queued_at, request_id, idx);
-- the first pass of a pop: the worker's owner's and priority users' requests
create index queue_slots_by_requester on queue_slots (requester_user_id);

insert into queue_slots (model, job_id, request_id, idx, queue_rank, queued_at, expires_at, pixels, nsfw,
                         needs_img2img, needs_painting, post_processing, lora, controlnet, trusted_workers,
                         slow_workers, worker_ids, worker_blacklist, steps, requester_user_id, upfront_covered)
select m.model, j.id, j.request_id, j.idx, r.queue_rank, r.created_at, r.expires_at, r.pixels, r.nsfw,
       r.needs_img2img, r.needs_painting, r.post_processing, r.lora, r.controlnet, r.trusted_workers,
       r.slow_workers, r.worker_ids, r.worker_blacklist, r.steps, r.requester_user_id,
       r.requester_trusted or r.requester_kudos >= r.price_per_image * r.images
  from jobs j
  join waiting_requests r on r.id = j.request_id
 cross join unnest(case when cardinality(r.models) = 0 then array[''] else r.models end) as m(model)
 where j.state = 'WAITING' and r.state = 'ACTIVE';

-- Nothing walks the waiting jobs in queue order any more; the pop order index only cost writes.
drop index jobs_pop_order;
