-- How long each interrogation worker took over its last forms (seconds from pop to delivery, newest last, at most
-- 20 as the AI Horde keeps): a requester's slow_workers=false excludes a worker whose mean is 10 s or more.
create table worker_speeds (
    worker_id uuid primary key,
    seconds   double precision[] not null
);
