-- Dataset imports (decision 0040): an operator's import of a JSONL or Parquet manifest, one row per run with its
-- progress, the reasons of the entries that failed, and each imported image's manifest id and metadata.

-- The manifest's own id of an imported image (the image's uuid derives from it and the dataset's name, so a re-run
-- finds it) and the manifest's metadata for it; null for shared generations.
alter table rateable_images
    add column source_id varchar(300),
    add column metadata  jsonb;

create table dataset_imports (
    id           uuid primary key,
    dataset_id   uuid          not null references datasets (id),
    -- the manifest's URL, or what made the entries (the generated sample)
    manifest     varchar(2000) not null,
    -- running, finished (every entry decided) or failed (the manifest could not be read)
    state        varchar(16)   not null,
    -- entries in the manifest; null until it has been read
    total        integer,
    imported     integer       not null default 0,
    -- already in the dataset (a re-run)
    skipped      integer       not null default 0,
    failed       integer       not null default 0,
    error        varchar(1000),
    -- the operator's user id; null for the sample the service makes itself
    requested_by bigint,
    started_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    finished_at  timestamptz
);
create index dataset_imports_newest on dataset_imports (started_at desc);

-- Why an entry was not imported; the first few per import (DatasetImporter.FAILURES_KEPT), not every one of a broken
-- million-row manifest.
create table dataset_import_failures (
    import_id uuid          not null references dataset_imports (id),
    entry_id  varchar(300)  not null,
    reason    varchar(500)  not null,
    primary key (import_id, entry_id)
);
