-- Priority aging without a periodic UPDATE: a request's effective priority at time t is
--   priority + rate × (t − created_at)            (rate: centikudos per second, the AI Horde's +50 kudos / 10 s)
-- = (priority − rate × created_at) + rate × t.
-- The second term is the same for every request at any instant, so ordering by the first one — fixed at intake —
-- is ordering by effective priority, continuously, with an index.
alter table waiting_requests add column queue_rank double precision;
update waiting_requests set queue_rank = priority - 500 * extract(epoch from created_at);
alter table waiting_requests alter column queue_rank set not null;
drop index waiting_requests_queue;
create index waiting_requests_queue on waiting_requests (queue_rank desc, created_at, id) where state = 'ACTIVE';
