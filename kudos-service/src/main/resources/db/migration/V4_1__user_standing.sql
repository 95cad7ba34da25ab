-- What moderators set on a user (the AI Horde's user roles and flags), and what the user sets on themselves.
alter table users
    add column flagged          boolean          not null default false,
    add column customizer       boolean          not null default false,
    add column vpn              boolean          not null default false,
    add column service          boolean          not null default false,
    add column education        boolean          not null default false,
    add column special          boolean          not null default false,
    -- deleted users are hidden and disabled but kept: the ledger that mentions them is append-only
    add column deleted          boolean          not null default false,
    add column public_workers   boolean          not null default false,
    add column worker_invited   integer          not null default 0,
    add column usage_multiplier double precision not null default 1.0,
    add column contact          varchar(500);

-- GET /users pages by kudos (balance, descending) or age (creation, ascending); both read 25 rows at an offset.
create index users_by_created on users (created_at, id);
