-- Decoy jobs for paused workers (decision 0009).
--
-- A moderator pauses a worker suspected of abuse. As in the AI Horde, such a worker is not told: its pops still get
-- work, but for anybody but its owner the job is a decoy, a copy of a waiting request's payload under an id of its
-- own. Whatever it submits is thrown away, unpaid and undelivered, while the request's real images wait for honest
-- workers. A worker is given one decoy per request, so that seeing the same request twice cannot give the game away;
-- the pop's matching skips requests it already has a decoy of.
create table fake_jobs (
    id           uuid        primary key,
    request_id   uuid        not null,
    worker_id    uuid        not null references workers (id) on delete cascade,
    model        text,
    created_at   timestamptz not null default now(),
    submitted_at timestamptz,
    unique (worker_id, request_id)
);
