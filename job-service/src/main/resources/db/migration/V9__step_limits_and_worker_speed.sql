-- The pop's step-count and speed rules as the AI Horde has them (decision 0009).
--
-- limit_max_steps: a limited worker skips a request over the step limit of its models, the mean of each model's
-- min and max steps in the model reference (ModelStepLimits). The request's limit is fixed at intake and, like every
-- other matching column, copied onto its queue slots; NULL for a request that names no model, whose limit is the
-- worker's own (the lowest of its models'), a pop parameter. Requests queued before this migration keep NULL.
-- steps holds accurate steps from now on (second-order samplers double, k_dpm_adaptive 40).
alter table waiting_requests
    add column step_limit         double precision,
    add column extra_slow_workers boolean not null default false;
alter table queue_slots
    add column step_limit         double precision,
    add column extra_slow_workers boolean not null default false;

-- slow_workers: false: only workers measured at 0.5 megapixelsteps per second or more (WorkerSpeed). The speed is
-- stored on the worker at each delivery, so a pop reads it with the worker's row; NULL until the first delivery.
alter table workers add column speed double precision;
-- a worker's recent deliveries, for its speed
create index jobs_delivered_by_worker on jobs (worker_id, delivered_at desc) where state in ('DELIVERED', 'CENSORED');

update workers w
   set speed = (select avg(d.pixelsteps / greatest(d.seconds, 0.001)) from (
                    select r.pixels * r.steps as pixelsteps,
                           extract(epoch from (j.delivered_at - j.claimed_at)) as seconds
                      from jobs j join waiting_requests r on r.id = j.request_id
                     where j.worker_id = w.id and j.state in ('DELIVERED', 'CENSORED')
                       and j.claimed_at is not null and j.delivered_at is not null
                     order by j.delivered_at desc limit 20) d);
