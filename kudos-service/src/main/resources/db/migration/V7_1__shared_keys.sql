-- Shared keys (the AI Horde's user_sharedkeys): a UUID that spends its owner's kudos, up to its own budget.
-- Amounts in centikudos like the ledger; -1 = unlimited (kudos) or no limit (the per-job limits).
create table shared_keys (
    id               uuid          primary key,
    owner_user_id    bigint        not null references users (id),
    name             varchar(255),
    kudos            bigint        not null check (kudos >= -1),
    utilized         bigint        not null default 0,
    expiry           timestamptz,
    max_image_pixels integer       not null default -1,
    max_image_steps  integer       not null default -1,
    max_text_tokens  integer       not null default -1,
    created_at       timestamptz   not null default now()
);
create index shared_keys_by_owner on shared_keys (owner_user_id);

-- Which settled job was counted against which key: the key's budget moves exactly once per job, in the
-- transaction that settles the job (whose ledger event id is the primary key here).
create table shared_key_usage (
    ledger_event_id uuid    primary key,
    shared_key_id   uuid    not null,
    kudos           bigint  not null
);
