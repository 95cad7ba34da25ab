-- Audit trail of kudos given by users (transfers) and minted by privileged accounts (awards).
-- The money itself moves through ledger_events/postings; this table answers "who gave whom what, when".
create table kudos_transfers (
    id           bigserial primary key,
    event_id     uuid        not null unique references ledger_events (event_id),
    kind         varchar(16) not null check (kind in ('transfer', 'award')),
    from_user_id bigint      not null references users (id),
    to_user_id   bigint      not null references users (id),
    amount       bigint      not null check (amount > 0),
    reason       varchar(200),
    created_at   timestamptz not null default now()
);
create index kudos_transfers_between on kudos_transfers (from_user_id, to_user_id, created_at);
