-- Worker matching and the worker registry.
--
-- 1. Everything the pop query filters on is copied out of the request's spec into columns at intake, so that
--    matching is plain column predicates evaluated while the queue index is walked in queue order.
alter table waiting_requests
    add column needs_img2img    boolean not null default false, -- a source image, source_processing img2img
    add column needs_painting   boolean not null default false, -- a source image, inpainting or outpainting
    add column post_processing  boolean not null default false, -- any post-processor requested
    add column lora             boolean not null default false, -- any LoRA requested
    add column controlnet       boolean not null default false, -- a control_type requested
    add column trusted_workers  boolean not null default false, -- only workers of trusted owners
    add column slow_workers     boolean not null default true,  -- false: no extra-slow workers
    add column worker_ids       text[]  not null default '{}',  -- the request's worker whitelist (or blacklist)
    add column worker_blacklist boolean not null default false, -- worker_ids is a blacklist
    add column prompt_lower     text    not null default '',    -- for the workers' blacklisted words
    add column steps            integer not null default 0,
    add column images           integer not null default 1;

update waiting_requests set
    needs_img2img    = spec ->> 'sourceImageKey' is not null
                       and coalesce(spec ->> 'sourceProcessing', 'img2img') = 'img2img',
    needs_painting   = spec ->> 'sourceImageKey' is not null
                       and coalesce(spec ->> 'sourceProcessing' in ('inpainting', 'outpainting'), false),
    post_processing  = case when jsonb_typeof(spec -> 'params' -> 'postProcessing') = 'array'
                            then jsonb_array_length(spec -> 'params' -> 'postProcessing') > 0 else false end,
    lora             = case when jsonb_typeof(spec -> 'params' -> 'loras') = 'array'
                            then jsonb_array_length(spec -> 'params' -> 'loras') > 0 else false end,
    controlnet       = spec -> 'params' ->> 'controlType' is not null,
    trusted_workers  = coalesce((spec ->> 'trustedWorkers')::boolean, false),
    slow_workers     = coalesce((spec ->> 'slowWorkers')::boolean, true),
    worker_ids       = case when jsonb_typeof(spec -> 'workers') = 'array'
                            then array(select jsonb_array_elements_text(spec -> 'workers')) else '{}' end,
    worker_blacklist = coalesce((spec ->> 'workerBlacklist')::boolean, false),
    prompt_lower     = lower(coalesce(spec ->> 'prompt', '')),
    steps            = coalesce((spec -> 'params' ->> 'steps')::integer, 0),
    images           = coalesce((spec -> 'params' ->> 'n')::integer, 1);

-- The first pass of a pop serves the worker's owner and its priority_usernames before everybody else.
create index waiting_requests_by_requester on waiting_requests (requester_user_id, queue_rank desc)
    where state = 'ACTIVE';

-- 2. The worker registry. One table for every kind of worker (the AI Horde's single-table polymorphism), so that
--    a name is unique across kinds: a future interrogation worker cannot take an image worker's name.
alter table workers
    add column worker_type           varchar(32)   not null default 'image',
    add column owner_alias           varchar(200),
    add column owner_trusted         boolean       not null default false,
    add column blacklist             text[]        not null default '{}',
    add column extra_slow_worker     boolean       not null default false,
    add column limit_max_steps       boolean       not null default false,
    add column require_upfront_kudos boolean       not null default false,
    add column maintenance           boolean       not null default false,
    add column maintenance_msg       varchar(1000),
    add column paused                boolean       not null default false,
    add column info                  varchar(1000),
    -- uptime in milliseconds (pops come every second; seconds would round most check-ins away)
    add column uptime_ms             bigint        not null default 0,
    -- uptime at the last reward (or at the return from being offline, which restarts the reward timer)
    add column last_reward_uptime_ms bigint        not null default 0,
    -- how many uptime rewards were emitted: names each reward, so a replayed check-in cannot pay twice
    add column uptime_rewards        integer       not null default 0,
    -- a deleted worker keeps its row (jobs reference it) but frees its name
    add column deleted_at            timestamptz;

alter table workers drop constraint workers_name_key;
create unique index workers_live_name on workers (name) where deleted_at is null;
create index workers_online on workers (last_check_in) where deleted_at is null;
