-- Remix requests with extra source images (issue 12): only workers whose bridge takes them may pop such a request
-- (the AI Horde's capability extra_source_images, BridgeCapabilities). Like every matching column, fixed at intake
-- and copied onto the request's queue slots; requests queued before this migration have none.
alter table waiting_requests add column extra_source_images boolean not null default false;
alter table queue_slots add column extra_source_images boolean not null default false;
