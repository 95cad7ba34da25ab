-- Rating integrity (issue 17, decision 0034): control images, hand-outs, each rating's evidence and each rater's
-- standing, so that a rater judged unreliable can be shadow-excluded retroactively.

-- A control image's settled score (1-10); null for every other image. /rating/new mixes controls in.
alter table rateable_images add column control_score smallint check (control_score between 1 and 10);
create index rateable_images_controls on rateable_images (dataset_id) where control_score is not null;

-- Which image /rating/new handed to which registered rater, and when: how long the rater looked before rating,
-- and never the same image twice to one rater.
create table hand_outs (
    user_id    bigint      not null,
    image_id   uuid        not null references rateable_images (id),
    handed_at  timestamptz not null default now(),
    primary key (user_id, image_id)
);

-- The evidence each rating carries (never updated): milliseconds since its hand-out (null: never handed out to this
-- rater), the image's average as anyone could read it just before (null: no accepted rating yet), the control answer.
alter table ratings add column millis_since_hand_out bigint;
alter table ratings add column shown_average double precision;
alter table ratings add column control_score smallint;
-- A registered rater's second rating of one image: kept, never paid, averaged or exported, whatever the rater's
-- standing; the integrity review leaves these alone.
alter table ratings add column duplicate boolean not null default false;
update ratings set duplicate = true where reason = 'the rater already rated this image';
-- A requester's rating of their own request's image (POST /generate/rate/{id}, decision 0032): paid under the
-- request's own caps, never handed out, so it is no evidence about the rater; the review only excludes it when its
-- rater is judged unreliable or flagged.
alter table ratings add column request_rating boolean not null default false;
update ratings set request_rating = true where reason = 'the requester''s rating of their own request';
-- What the rating earns once accepted (centikudos); reward stays what was actually paid.
alter table ratings add column reward_due bigint not null default 0;
update ratings set reward_due = reward;
create index ratings_by_decision on ratings (user_id, decision) where not duplicate;

-- Each registered rater's standing, as the integrity review last computed it, and a moderator's verdict.
create table raters (
    user_id             bigint       primary key,
    -- evaluating, reliable or unreliable (the review's); verdict overrides it
    status              varchar(16)  not null default 'evaluating',
    -- validated or flagged by a moderator, or null
    verdict             varchar(16),
    verdict_by          varchar(121),
    reason              varchar(300) not null default 'no evidence yet',
    -- posterior probability that the rater is honest (0-1)
    reliability         double precision not null default 0,
    ratings             integer      not null default 0,
    control_passed      integer      not null default 0,
    control_failed      integer      not null default 0,
    -- mean absolute distance from the image's consensus (or the control's settled score)
    divergence          double precision,
    too_fast            integer      not null default 0,
    copied_average      integer      not null default 0,
    reviewed_at         timestamptz  not null default now()
);
