-- Pop reads waiting jobs in queue order straight from an index, instead of joining every waiting job to its request
-- and sorting them all on each pop (EXPLAIN ANALYZE at 5,000 waiting: a sort of every row, ~300 ms; the cost grew
-- with the queue). Each job carries a copy of its request's queue rank and age, which never change after intake
-- (V3__priority_aging.sql), so the copy cannot go stale; the partial index holds only waiting jobs, so jobs already
-- handed out, delivered or ended cost a pop nothing.
alter table jobs add column queue_rank double precision;
alter table jobs add column queued_at timestamptz;
update jobs j set queue_rank = r.queue_rank, queued_at = r.created_at from waiting_requests r where r.id = j.request_id;
alter table jobs alter column queue_rank set not null;
alter table jobs alter column queued_at set not null;
create index jobs_pop_order on jobs (queue_rank desc, queued_at, request_id, idx) where state = 'WAITING';
