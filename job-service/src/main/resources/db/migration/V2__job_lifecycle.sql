-- The rest of a job's life: given back (faulted or timed out), and the terminal outcomes that move no kudos.

alter table jobs drop constraint jobs_state_check;
alter table jobs add constraint jobs_state_check
    check (state in ('WAITING', 'CLAIMED', 'DELIVERED', 'CENSORED', 'FAULTED', 'CANCELLED', 'EXPIRED'));
-- A waiting job has no worker; a held or delivered one always has one. Ended jobs may or may not have had one.
alter table jobs drop constraint jobs_check;
alter table jobs add constraint jobs_waiting_has_no_worker check (state <> 'WAITING' or worker_id is null);
alter table jobs add constraint jobs_held_has_worker
    check (state not in ('CLAIMED', 'DELIVERED', 'CENSORED') or worker_id is not null);

-- How often the job was given back, and by whom last (so a late submit is told it was aborted).
alter table jobs add column aborts integer not null default 0;
alter table jobs add column last_worker_id uuid references workers (id);
create index jobs_claim_deadlines on jobs (deadline) where state = 'CLAIMED';

-- A request ends as FAULTED (too many aborted jobs), CANCELLED (by its requester) or EXPIRED (no activity within
-- its time to live); until then it is ACTIVE. Delivered requests stay ACTIVE until they expire.
alter table waiting_requests add column state varchar(16) not null default 'ACTIVE'
    check (state in ('ACTIVE', 'FAULTED', 'CANCELLED', 'EXPIRED'));
create index waiting_requests_expiry on waiting_requests (expires_at) where state = 'ACTIVE';

alter table workers add column aborted_jobs bigint not null default 0;
-- the reaper looks for requests whose jobs were given back too often
create index jobs_aborted on jobs (request_id) where aborts > 0;
