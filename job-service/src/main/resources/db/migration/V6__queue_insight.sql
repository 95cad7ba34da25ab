-- Queue insight: the work in one image (width × height × steps / 10^6), computed once from the stored spec so the
-- queue snapshot and the statistics read a column instead of parsing JSON on every row.
alter table waiting_requests add column megapixelsteps double precision
    generated always as (pixels * coalesce((spec -> 'params' ->> 'steps')::double precision, 0) / 1000000.0) stored;

-- Statistics of delivered images by time (minute, hour, day, month) read this index, not the whole jobs table.
create index jobs_delivered on jobs (delivered_at) where state in ('DELIVERED', 'CENSORED');
