-- Interrogations ("alchemy"): one source image and the forms a client asked about it.
create table interrogations (
    id                uuid primary key,
    requester_user_id bigint       not null,
    requester_alias   varchar(200) not null,
    -- the requester's kudos (centikudos) when accepted: the AI Horde orders the queue by it
    priority          bigint       not null,
    source_image_key  varchar(200) not null,
    -- the client's https URL when the source came as one: the result cache's key
    source_url        text,
    tiles             int          not null,
    trusted_workers   boolean      not null,
    slow_workers      boolean      not null,
    webhook           text,
    created_at        timestamptz  not null default now(),
    -- refreshed on every pop and delivery; the sweeper deletes the interrogation after it
    expires_at        timestamptz  not null
);
create index interrogations_expiry on interrogations (expires_at);

create table interrogation_forms (
    id               uuid primary key,
    interrogation_id uuid         not null references interrogations (id) on delete cascade,
    position         int          not null,
    name             varchar(64)  not null,
    payload          jsonb,
    -- what the form is worth, centikudos: the worker earns it, the requester pays it plus the tax
    kudos            bigint       not null,
    state            varchar(16)  not null check (state in ('waiting', 'processing', 'done', 'cancelled', 'faulted')),
    worker_id        uuid,
    worker_name      varchar(200),
    owner_user_id    bigint,
    popped_at        timestamptz,
    -- a processing form not delivered by then goes back to the queue (more than two give-backs fault it)
    deliver_by       timestamptz,
    give_backs       int          not null default 0,
    result           jsonb,
    finished_at      timestamptz,
    unique (interrogation_id, name)
);
create index interrogation_forms_of on interrogation_forms (interrogation_id, position);
-- The pop's candidates and the give-back sweep: each only sees the rows in its state.
create index interrogation_forms_waiting on interrogation_forms (name) where state = 'waiting';
create index interrogation_forms_processing on interrogation_forms (deliver_by) where state = 'processing';

-- Results of forms on URL sources: the same URL and form is answered at once, without a worker or a charge.
create table result_cache (
    form_name  varchar(64) not null,
    source_url text        not null,
    result     jsonb       not null,
    expires_at timestamptz not null,
    primary key (form_name, source_url)
);

-- Consumer inbox (service-kit's template; no consumer yet, kept so a later one needs no table change).
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);

-- Producer outbox (service-kit's template): written with the change it announces, published by the relay.
create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    record_key   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
