-- Teams of workers (the AI Horde's teams): created by trusted users, joined by a worker's owner. The figures the AI
-- Horde shows for a team are summed over its current workers (decision 0042), so only the membership is stored.
create table teams (
    id            uuid          primary key,
    name          varchar(100)  not null,
    info          varchar(1000),
    owner_user_id bigint        not null,
    owner_alias   varchar(200)  not null,
    created_at    timestamptz   not null default now()
);
-- The AI Horde's team names are unique; ignoring case keeps look-alikes out.
create unique index teams_by_name on teams (lower(name));

alter table workers add column team_id uuid references teams (id) on delete set null;
create index workers_by_team on workers (team_id) where team_id is not null;

-- The shared key a request was made with travels from JobSubmitted to JobCompleted, so kudos-service counts each
-- delivered job against the key in the transaction that settles it.
alter table waiting_requests add column requester_shared_key uuid;
