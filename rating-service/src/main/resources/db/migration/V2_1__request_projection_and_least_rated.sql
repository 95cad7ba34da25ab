-- A requester rates the images of their own finished, shared request (POST /api/v2/generate/rate/{id}); rating-service
-- learns who asked, what it cost and which images it holds from the jobs' events, never by asking job-service
-- (decision 0032). Both tables are written with explicit SQL upserts: the events arrive on two topics in any order.

create table rateable_requests (
    request_id        uuid primary key,
    -- the requester as the gateway saw them at submit time (0 = anonymous)
    user_id           bigint       not null,
    alias             varchar(121) not null,
    anonymous         boolean      not null,
    trusted           boolean      not null,
    kudos             bigint       not null,
    images_requested  bigint,
    shared            boolean      not null,
    -- how many jobs (images) the request holds; null until its JobSubmitted arrived
    job_count         integer,
    client_agent      varchar(200),
    -- the requester's ratings of this request, once: when, the best-of pick and the kudos paid (centikudos)
    rated_at          timestamptz,
    best_image_id     uuid,
    reward            bigint,
    created_at        timestamptz  not null default now()
);

create table rateable_request_jobs (
    job_id      uuid primary key,
    request_id  uuid        not null,
    -- the job's terminal outcome (JobOutcome)
    outcome     varchar(16) not null,
    -- centikudos the requester paid for it (price + tax)
    cost        bigint      not null,
    created_at  timestamptz not null default now()
);
create index rateable_request_jobs_by_request on rateable_request_jobs (request_id);

-- /rating/new walks the least-rated images in index order (all datasets, one dataset, one model of a dataset) and
-- skips those the rater already rated with an index probe, so it never sorts or scans the whole table.
drop index rateable_images_least_rated;
create index rateable_images_least_rated on rateable_images (times_rated, created_at);
create index rateable_images_least_rated_by_dataset on rateable_images (dataset_id, times_rated, created_at);
create index rateable_images_least_rated_by_model on rateable_images (dataset_id, model, times_rated, created_at);
create index ratings_by_user_and_image on ratings (user_id, image_id);
