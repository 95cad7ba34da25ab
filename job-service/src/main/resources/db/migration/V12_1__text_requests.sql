-- Text requests (the KoboldAI side) on the one queue (decision 0022).
--
-- A request, its queue slots and its workers carry a kind; a pop walks only the slots of its worker's kind, so the
-- two kinds share every rule of the queue (order, aging, claims, time to live, give-backs, faults, expiry) and differ
-- only in their match columns. An image request's text columns are 0 / null and an image worker's too, so every
-- image rule and index stays as it was.
alter table waiting_requests
    add column kind               varchar(8) not null default 'image' check (kind in ('image', 'text')),
    add column max_length         integer    not null default 0,   -- tokens to generate
    add column max_context_length integer    not null default 0,   -- tokens of context the worker must read
    add column softprompt         text,                            -- the soft prompt the worker must have
    add column validated_backends boolean    not null default false;

alter table queue_slots
    add column kind               varchar(8) not null default 'image',
    add column max_length         integer    not null default 0,
    add column max_context_length integer    not null default 0,
    add column softprompt         text,
    add column validated_backends boolean    not null default false;

-- What a text worker ("scribe") serves; image and interrogation workers keep 0 and no soft prompts.
alter table workers
    add column max_length         integer not null default 0,
    add column max_context_length integer not null default 0,
    add column softprompts        text[]  not null default '{}';

-- A delivered text job's text: small, so kept with the job (and carried in horde.jobs.completed), never in S3.
alter table jobs add column generated_text text;
