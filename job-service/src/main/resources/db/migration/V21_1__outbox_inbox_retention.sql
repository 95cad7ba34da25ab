-- Retention of the outbox and the inbox (service-kit's OutboxRetention and InboxRetention, decision 0057): published
-- outbox rows go after horde.kit.outbox.retention, inbox rows after horde.kit.inbox.retention. The sweeps find the old
-- rows by time; rows are written (and outbox rows marked published) in time order, so a BRIN, a few bytes per range
-- of blocks and next to nothing per write, finds them without a B-tree entry for every event.
create index outbox_published_at on outbox using brin (published_at);
create index inbox_processed_at on inbox using brin (processed_at);
