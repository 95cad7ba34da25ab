-- A style's shared key (issue 20, decision 0044): the owner's key that pays for requests using the style while it
-- is usable. kudos-service owns the key (no foreign key across services); deleting a key detaches it here.
alter table styles add column shared_key_id uuid;
create index styles_by_shared_key on styles (shared_key_id) where shared_key_id is not null;
