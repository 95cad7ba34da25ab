-- rating-service: what can be rated (datasets and their images), the ratings with their rater snapshots and
-- decisions, and the outbox/inbox of service-kit. Entities map datasets, rateable_images and ratings (decision 0024).

create table datasets (
    id          uuid primary key,
    -- unique: the shared-generations dataset and the sample dataset are found by name
    name        varchar(100) not null unique,
    description varchar(1000) not null,
    created_at  timestamptz  not null default now()
);

create table rateable_images (
    id           uuid primary key,
    dataset_id   uuid         not null references datasets (id),
    bucket       varchar(100) not null,
    object_key   varchar(300) not null,
    -- the generating model (shared generations), null for dataset images without one
    model        varchar(200),
    times_rated  integer      not null default 0,
    -- sum of the accepted ratings' values, for the image's average without a scan
    rating_sum   bigint       not null default 0,
    created_at   timestamptz  not null default now(),
    unique (bucket, object_key)
);
-- /rating/new serves the least-rated images of a dataset (and model) first.
create index rateable_images_least_rated on rateable_images (dataset_id, times_rated);

create table ratings (
    id                    uuid primary key,
    image_id              uuid         not null references rateable_images (id),
    -- 0 = anonymous
    user_id               bigint       not null,
    -- the AI Horde alias, name#id (InputLimits.USER_ALIAS)
    username              varchar(121) not null,
    rating                smallint     not null check (rating between 1 and 10),
    artifacts             smallint     check (artifacts between 0 and 5),
    -- accepted, held or excluded, and why
    decision              varchar(16)  not null,
    reason                varchar(300) not null,
    -- centikudos awarded for it (0 when nothing is paid)
    reward                bigint       not null,
    -- the rater at this moment (RaterSnapshot); never updated
    rater_kudos           bigint       not null,
    rater_account_age     bigint       not null,
    rater_images_generated bigint      not null,
    rater_ratings_given   bigint       not null,
    rater_trusted         boolean      not null,
    rater_client_agent    varchar(200) not null,
    rater_seconds_since_previous bigint,
    rater_control_failed  integer      not null,
    created_at            timestamptz  not null default now()
);
create index ratings_by_image on ratings (image_id);
create index ratings_by_user on ratings (user_id, created_at);

-- service-kit's consumer inbox and producer outbox (org/openhorde/kit/outbox-inbox.sql)
create table inbox (
    event_id     uuid primary key,
    topic        varchar(200) not null,
    outcome      varchar(32)  not null,
    detail       varchar(500),
    processed_at timestamptz  not null default now()
);

create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    record_key   varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
