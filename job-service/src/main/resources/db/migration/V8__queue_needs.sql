-- The queue snapshot at depth reads narrow rows (decision 0012).
--
-- The snapshot used to read, for every waiting request, its models, size and eight capability columns out of the
-- wide request row (100,000 primary-key lookups into a table of ~1 KB rows), and job-service turned 100,000 such
-- rows into objects every few seconds: young collections of 150 ms stopped every pop in the service. But deep queues
-- hold few distinct needs: most requests want the same handful of models at the same sizes. A need is therefore
-- stored once, under a key, and the snapshot reads per request only its key, its work and its waiting images, from
-- the queue slots it already has (18 MB at 100,000 waiting, against 117 MB of requests).

-- The key of a need: every column OnlineWorker.canServe (and is_possible) looks at. Defined once, here, and called
-- by intake; immutable in fact (text and array output of these types does not depend on settings).
create function request_need_key(models text[], pixels bigint, nsfw boolean, needs_img2img boolean,
                                 needs_painting boolean, post_processing boolean, lora boolean, controlnet boolean,
                                 trusted_workers boolean, worker_ids text[], worker_blacklist boolean)
    returns text language sql immutable as $$
    select md5(concat_ws('|', models::text, pixels, nsfw, needs_img2img, needs_painting, post_processing, lora,
                         controlnet, trusted_workers, worker_ids::text, worker_blacklist))
$$;

create table request_needs (
    need_key         text    primary key,
    models           text[]  not null,
    pixels           bigint  not null,
    nsfw             boolean not null,
    needs_img2img    boolean not null,
    needs_painting   boolean not null,
    post_processing  boolean not null,
    lora             boolean not null,
    controlnet       boolean not null,
    trusted_workers  boolean not null,
    worker_ids       text[]  not null,
    worker_blacklist boolean not null
);

alter table waiting_requests add column need_key text;
update waiting_requests
   set need_key = request_need_key(models, pixels, nsfw, needs_img2img, needs_painting, post_processing, lora,
                                   controlnet, trusted_workers, worker_ids, worker_blacklist);
insert into request_needs
select distinct on (need_key) need_key, models, pixels, nsfw, needs_img2img, needs_painting, post_processing, lora,
       controlnet, trusted_workers, worker_ids, worker_blacklist
  from waiting_requests;

-- Each slot carries what the snapshot needs of its request; model_keys counts the request's slots per job, so that
-- a request's waiting images are its slots divided by it.
alter table queue_slots
    add column need_key       text,
    add column megapixelsteps double precision,
    add column model_keys     integer;
update queue_slots s
   set need_key = r.need_key, megapixelsteps = r.megapixelsteps, model_keys = greatest(cardinality(r.models), 1)
  from waiting_requests r
 where r.id = s.request_id;
alter table queue_slots
    alter column need_key set not null,
    alter column megapixelsteps set not null,
    alter column model_keys set not null;
