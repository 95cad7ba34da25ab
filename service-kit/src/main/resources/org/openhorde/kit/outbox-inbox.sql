-- The transactional outbox and the consumer inbox: the tables service-kit's OutboxRepository, OutboxRelay and
-- InboxRepository read and write.
--
-- A TEMPLATE, never run from here: Flyway only migrates a service's own db/migration. A new service copies both
-- tables into its own V1 migration (or the one that introduces its first event), and sets in application.properties
--   horde.kit.outbox.enabled=true   (with horde.kit.outbox.published-metric and an outgoing "outbox" Kafka channel)
--   horde.kit.inbox.enabled=true
-- for whichever of the two it uses. Never change a migration once applied; a change to these tables is a new
-- migration in every service that has them.
--
-- These are the tables job-service (V1), kudos-service (V1 inbox, V3 outbox) and storage-service (V1) have; the only
-- difference between them is storage-service's unique event id on the outbox, which every new service should keep
-- (an event appended twice is a bug the database should refuse).

-- Consumer inbox: an event id is processed once, in the same transaction as its effect. outcome is what the event
-- did (InboxRepository.claim records "processed" or the caller's plan; note() corrects it, with a detail saying why).
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);
-- InboxRetention's sweep finds rows past horde.kit.inbox.retention by time (decision 0057).
create index inbox_processed_at on inbox using brin (processed_at);

-- Producer outbox: written with the change it announces, published by the relay in id order, then marked.
create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null unique,
    -- logical topic name (contracts Topics); the relay adds the environment prefix
    topic        varchar(200) not null,
    -- the Kafka key, the event's aggregateKey(): one aggregate's events stay in one partition, in order
    record_key   varchar(200) not null,
    -- the event's Jackson JSON, exactly what consumers deserialise into the contracts record
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
-- The relay's only query: the oldest unpublished rows. Published rows drop out of the index.
create index outbox_unpublished on outbox (id) where published_at is null;
-- OutboxRetention's sweep finds rows published longer ago than horde.kit.outbox.retention (decision 0057).
create index outbox_published_at on outbox using brin (published_at);
