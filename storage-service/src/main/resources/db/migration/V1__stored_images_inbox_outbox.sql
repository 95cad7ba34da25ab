-- What the storage-service found for each delivered job's image, plus its consumer inbox and event outbox.

create table stored_images (
    job_id       uuid primary key,
    request_id   uuid          not null,
    bucket       varchar(63)   not null,
    object_key   varchar(1024) not null,
    -- null when the object was missing
    size_bytes   bigint,
    content_type varchar(255),
    state        varchar(16)   not null check (state in ('STORED', 'MISSING')),
    recorded_at  timestamptz   not null default now()
);
create index stored_images_by_request on stored_images (request_id);

-- Consumer inbox: an event id is processed once, in the same transaction as its effect.
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);

-- Transactional outbox: written with the change it announces, published by the relay, then marked.
create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null unique,
    -- logical topic name (contracts Topics); the relay adds the environment prefix
    topic        varchar(200) not null,
    record_key   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
