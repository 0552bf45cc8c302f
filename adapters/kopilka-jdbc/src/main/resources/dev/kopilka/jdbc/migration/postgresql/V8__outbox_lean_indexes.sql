-- Kopilka schema version 8: the outbox keeps only the indexes its hot paths need.
-- Every enqueued message used to pay an entry in five indexes and every state change of the dispatcher (claimed,
-- started, sent: three new row versions a message) in five more; the member and campaign indexes served only rare
-- look-ups. Now three at enqueue, and ten instead of fifteen across the dispatcher's changes:
-- * messages of a member: a partial index over messages in a final state (the outbox's history, which only grows);
--   messages still waiting or sending (the backlog, which drains) are found through the claim's and the leases'
--   partial indexes. Enqueue, claim and "send started" pay nothing for it; a message pays one entry when it ends.
-- * messages of a campaign: no index. Reports (analytics per campaign, OutboxStore.ofCampaign) read the program's
--   outbox; for a campaign that is a large share of it PostgreSQL chose a sequential scan over this index anyway.
DROP INDEX ${prefix}outbox_member;
DROP INDEX ${prefix}outbox_campaign;
CREATE INDEX ${prefix}outbox_member_done ON ${prefix}outbox (program, member_id)
    WHERE state IN ('SENT', 'DEAD', 'UNKNOWN', 'UNDELIVERABLE', 'EXPIRED');
