-- A text worker's gen_metadata, kept with its delivered job as the worker sent it (decision 0031); null: none sent.
alter table jobs add column gen_metadata jsonb;
