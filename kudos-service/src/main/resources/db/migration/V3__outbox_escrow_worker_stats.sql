-- Producer outbox: every ledger event is written here, as a KudosPosted event, in the transaction that records it;
-- a relay publishes it to Kafka afterwards (at least once) and marks it published.
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

-- Escrow is per user (the AI Horde's evaluating_kudos): every user gets an escrow account next to their balance.
insert into accounts (id, user_id, balance, floor)
select 'escrow:user:' || id, id, 0, null from users
on conflict do nothing;
-- The single shared escrow account of V1 never held anything; per-user accounts replace it.
delete from accounts a
 where a.id = 'escrow' and a.balance = 0 and not exists (select 1 from postings p where p.account_id = a.id);

-- Worker kudos_details (generated, uptime, interrogated), counted in full even when the owner's share was escrowed.
create table worker_stats (
    worker_id uuid        not null,
    category  varchar(32) not null,
    amount    bigint      not null default 0,
    primary key (worker_id, category)
);
