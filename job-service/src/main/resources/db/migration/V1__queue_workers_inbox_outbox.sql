-- Waiting requests, their jobs (one per image), workers, and the consumer inbox / producer outbox.
-- Amounts are centikudos (bigint): exact, never floating point.

-- One row per accepted image request. The matching columns (models, pixels, nsfw) are copied out of the spec so
-- the pop query can filter on them; the spec itself is kept whole for workers and events.
create table waiting_requests (
    id                  uuid primary key,
    spec                jsonb        not null,
    models              text[]       not null,
    pixels              bigint       not null,
    nsfw                boolean      not null,
    requester_user_id   bigint       not null,
    requester_alias     varchar(200) not null,
    requester_anonymous boolean      not null,
    requester_trusted   boolean      not null,
    requester_kudos     bigint       not null,
    price_per_image     bigint       not null,
    tax_per_image       bigint       not null,
    shared              boolean      not null,
    -- queue order: priority desc (the requester's kudos at submit), then age
    priority            bigint       not null,
    client_agent        varchar(1000),
    created_at          timestamptz  not null,
    expires_at          timestamptz  not null
);
create index waiting_requests_queue on waiting_requests (priority desc, created_at, id);

-- Workers are created by their first pop; their name is unique across the horde.
create table workers (
    id                    uuid primary key,
    name                  varchar(100)  not null unique,
    owner_user_id         bigint        not null,
    models                text[]        not null,
    max_pixels            bigint        not null,
    nsfw                  boolean       not null,
    threads               integer       not null,
    bridge_agent          varchar(1000),
    allow_img2img         boolean       not null,
    allow_painting        boolean       not null,
    allow_unsafe_ipaddr   boolean       not null,
    allow_post_processing boolean       not null,
    allow_controlnet      boolean       not null,
    allow_sdxl_controlnet boolean       not null,
    allow_lora            boolean       not null,
    fulfilments           bigint        not null default 0,
    kudos_earned          bigint        not null default 0,
    created_at            timestamptz   not null default now(),
    last_check_in         timestamptz   not null default now()
);
create index workers_by_owner on workers (owner_user_id);

create table jobs (
    id           uuid primary key,
    request_id   uuid         not null references waiting_requests (id),
    -- position of the image in its request, so a batch hands out images in order
    idx          integer      not null,
    state        varchar(16)  not null check (state in ('WAITING', 'CLAIMED', 'DELIVERED', 'CENSORED')),
    worker_id    uuid references workers (id),
    model        varchar(255),
    seed         varchar(100),
    claimed_at   timestamptz,
    deadline     timestamptz,
    delivered_at timestamptz,
    check ((state = 'WAITING') = (worker_id is null))
);
create index jobs_waiting on jobs (request_id, idx) where state = 'WAITING';

-- Consumer inbox: an event id is processed once, in the same transaction as its effect.
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);

-- Producer outbox: events are written in the transaction that caused them and relayed to Kafka afterwards.
create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null,
    topic        varchar(200) not null,
    record_key   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
