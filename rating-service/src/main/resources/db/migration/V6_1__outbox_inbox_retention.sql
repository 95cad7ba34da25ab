-- Retention of the outbox (service-kit's OutboxRetention, decision 0057): published rows go after
-- horde.kit.outbox.retention. The sweep finds the old rows by time; rows are written and marked published in time
-- order, so a BRIN, a few bytes per range of blocks and next to nothing per write, finds them without a B-tree entry
-- for every event. The inbox is not swept: it holds a row per shared image, next to the image's own row, so it grows
-- with the data it guards, not with every lifecycle.
create index outbox_published_at on outbox using brin (published_at);
