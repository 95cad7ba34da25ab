-- The research exports made so far (decision 0033): one row per export written to the shared bucket, with its
-- manifest, so the gateway's /api/v1/download/... can find the latest, and replicas can tell an export is due.
create table research_exports (
    id             uuid         primary key,
    -- exports/<ts>/ in the shared bucket
    prefix         varchar(200) not null unique,
    rows           bigint       not null,
    -- SHA-256 of the JSONL parts: an export that would repeat the previous one is skipped
    content_sha256 varchar(64)  not null,
    -- the manifest.json written to the bucket, as written
    manifest       text         not null,
    created_at     timestamptz  not null default now()
);
create index research_exports_latest on research_exports (created_at desc);
