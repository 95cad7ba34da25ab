-- Styles and collections (issue 20, decision 0043): the AI Horde's shared prompt templates. job-service owns them
-- because it applies them at intake beside the queue; owners are kudos-service user ids (no foreign key across
-- services), and the creator's alias is kept as it was when they created the style.
create table styles (
    id           uuid primary key,
    style_type   varchar(10)   not null check (style_type in ('image', 'text')),
    name         varchar(100)  not null,
    info         varchar(1000) not null default '',
    prompt       text          not null,
    params       jsonb         not null default '{}'::jsonb,
    models       text[]        not null default '{}',
    tags         text[]        not null default '{}',
    public       boolean       not null default true,
    nsfw         boolean       not null default false,
    owner_id     bigint        not null,
    owner_alias  varchar(150)  not null,
    use_count    bigint        not null default 0,
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    constraint styles_owner_name unique (owner_id, name)
);
create index styles_by_name on styles (name);
create index styles_listing on styles (style_type, public, use_count desc);
create index styles_tags on styles using gin (tags);
create index styles_models on styles using gin (models);

create table style_examples (
    id         uuid primary key,
    style_id   uuid    not null references styles (id) on delete cascade,
    url        text    not null,
    is_primary boolean not null default false,
    created_at timestamptz not null default now(),
    constraint style_examples_url unique (style_id, url)
);

create table style_collections (
    id          uuid primary key,
    style_type  varchar(10)   not null check (style_type in ('image', 'text')),
    name        varchar(100)  not null,
    info        varchar(1000) not null default '',
    public      boolean       not null default true,
    owner_id    bigint        not null,
    owner_alias varchar(150)  not null,
    use_count   bigint        not null default 0,
    created_at  timestamptz   not null default now(),
    constraint style_collections_owner_name unique (owner_id, name)
);
create index style_collections_by_name on style_collections (name);

create table style_collection_members (
    collection_id uuid not null references style_collections (id) on delete cascade,
    style_id      uuid not null references styles (id) on delete cascade,
    position      int  not null,
    primary key (collection_id, style_id)
);
