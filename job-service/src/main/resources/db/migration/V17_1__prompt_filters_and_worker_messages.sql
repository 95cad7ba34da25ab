-- Moderation data job-service keeps for the AI Horde's /filters and /workers/messages (decision 0037).

-- Prompt filters: the moderators' regular expressions, checked by every gateway at image intake (from a cache it
-- refreshes, so a change here takes effect within the gateway's filter TTL). Types 10 and 11 are the first group
-- (terms about minors), 20 the second (NSFW terms); a prompt matching both groups is refused or sanitized.
create table prompt_filters (
    id          bigserial   primary key,
    regex       text        not null,
    filter_type integer     not null check (filter_type between 10 and 29),
    description text,
    replacement varchar(255) not null default '',
    user_alias  text        not null,
    updated_at  timestamptz not null default now(),
    unique (regex, filter_type)
);
create index prompt_filters_type on prompt_filters (filter_type);

-- Prompts the filters refused, for moderators to review (the AI Horde's "corrupt prompt" suspicion record).
create table blocked_prompts (
    id         bigserial   primary key,
    user_id    bigint      not null,
    user_alias text        not null,
    prompt     text        not null,
    matches    text[]      not null default '{}',
    created_at timestamptz not null default now()
);
create index blocked_prompts_user on blocked_prompts (user_id, created_at desc);

-- Messages to a worker's owner, shown in the worker's pops until they expire. worker_id null: to every worker.
-- user_id: the addressed worker's owner (so the owner lists and deletes them), or the sender of a message to all.
create table worker_messages (
    id         uuid        primary key,
    worker_id  uuid        references workers (id) on delete cascade,
    user_id    bigint      not null,
    message    text        not null,
    origin     varchar(255) not null,
    expiry     timestamptz not null,
    created_at timestamptz not null default now()
);
create index worker_messages_worker on worker_messages (worker_id, expiry);
create index worker_messages_user on worker_messages (user_id, expiry);
