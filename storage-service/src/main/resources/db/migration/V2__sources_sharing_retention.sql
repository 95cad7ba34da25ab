-- What the storage-service knows of each accepted image request (from horde.jobs.submitted): the requester snapshot
-- a shared image's sidecar records. Kept until the request's retention ends, like its objects.
create table requests (
    request_id       uuid primary key,
    -- anonymous | pseudonymous | registered; null when the gateway did not say
    user_type        varchar(16),
    -- images the requester had requested before this request; null when the gateway did not say
    images_requested bigint,
    submitted_at     timestamptz not null,
    retain_until     timestamptz not null
);
create index requests_due on requests (retain_until);

-- Every transient object (generations, sources) and until when it is kept: its last activity plus the retention.
-- The sweep deletes the object, then the row. The shared bucket never has rows here.
create table retained_objects (
    bucket       varchar(63)   not null,
    object_key   varchar(1024) not null,
    request_id   uuid,
    job_id       uuid,
    retain_until timestamptz   not null,
    primary key (bucket, object_key)
);
create index retained_objects_due on retained_objects (retain_until);
create index retained_objects_by_request on retained_objects (request_id) where request_id is not null;

-- Images copied into the shared dataset, with the sidecar written next to each. part_no is the manifest part the
-- image was exported in (null until then); rows are claimed for a part with FOR UPDATE, so no image is skipped
-- however the sharing transactions interleave.
create table shared_images (
    job_id       uuid primary key,
    request_id   uuid          not null,
    object_key   varchar(1024) not null,
    sidecar_key  varchar(1024) not null,
    content_type varchar(255),
    metadata     jsonb         not null,
    shared_at    timestamptz   not null default now(),
    part_no      integer
);
create index shared_images_unexported on shared_images (shared_at, job_id) where part_no is null;

-- The manifest parts written to the shared bucket (manifest/part-<n>.jsonl and .parquet), listed in manifest/index.json.
create table manifest_parts (
    part_no     integer primary key,
    rows        integer     not null,
    jsonl_key   varchar(200) not null,
    parquet_key varchar(200) not null,
    exported_at timestamptz not null default now()
);
