-- Users, hashed API keys and the append-only double-entry kudos ledger.
-- Amounts are centikudos (bigint): exact, never floating point.

create table users (
    id            bigint primary key,
    username      varchar(100) not null,
    api_key_hash  char(64)     not null unique,
    pseudonymous  boolean      not null default true,
    trusted       boolean      not null default false,
    moderator     boolean      not null default false,
    admin         boolean      not null default false,
    concurrency   integer      not null default 30,
    created_at    timestamptz  not null default now()
);

-- 0 is the anonymous user and 1 the operator, as in the AI Horde.
create sequence user_ids start with 2;

-- Balances are projections of the postings, updated in the same transaction as the postings that move them.
create table accounts (
    id         varchar(64) primary key,
    user_id    bigint references users (id),
    balance    bigint      not null default 0,
    -- lowest balance a debit may leave; null for system accounts (treasury mints, so it goes negative)
    floor      bigint,
    updated_at timestamptz not null default now()
);

-- One row per business event (a settled job, a transfer, a bootstrap...). Its id is the idempotency key.
create table ledger_events (
    event_id    uuid primary key,
    type        varchar(64)  not null,
    reference   varchar(200) not null,
    recorded_at timestamptz  not null default now()
);

create table postings (
    id         bigserial primary key,
    event_id   uuid        not null references ledger_events (event_id),
    account_id varchar(64) not null references accounts (id),
    amount     bigint      not null check (amount <> 0),
    category   varchar(32) not null,
    created_at timestamptz not null default now()
);
create index postings_by_account on postings (account_id, id);
create index postings_by_event on postings (event_id);

-- The ledger is append-only: corrections are compensating postings, never edits.
create function forbid_ledger_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'the kudos ledger is append-only (% on %)', tg_op, tg_table_name;
end;
$$;
create trigger postings_append_only before update or delete on postings
    for each row execute function forbid_ledger_rewrite();
create trigger ledger_events_append_only before update or delete on ledger_events
    for each row execute function forbid_ledger_rewrite();

-- kudos_details: what each user gained or spent per AI Horde category, in full even when a floor clamped the balance.
create table user_stats (
    user_id  bigint      not null references users (id),
    category varchar(32) not null,
    amount   bigint      not null default 0,
    primary key (user_id, category)
);

create table user_records (
    user_id                 bigint primary key references users (id),
    usage_pixelsteps        bigint not null default 0,
    contribution_pixelsteps bigint not null default 0,
    images_requested        bigint not null default 0,
    images_fulfilled        bigint not null default 0
);

-- Consumer inbox: an event id is processed once, in the same transaction as its effect.
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);
