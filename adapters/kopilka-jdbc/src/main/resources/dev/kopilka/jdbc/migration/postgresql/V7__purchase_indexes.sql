-- Kopilka schema, version 7: less index and write-ahead-log work per purchase (docs/performance.md).
-- lots: indexed by member without `remaining`, and pages left 15% free, so spending from a lot is a HOT update
-- (a new row version on the same page, no new index entries). A member's lots with points are still found by
-- the index on (program, member_id); `remaining > 0` is checked on the rows.
DROP INDEX ${prefix}lots_member;
CREATE INDEX ${prefix}lots_member ON ${prefix}lots (program, member_id);
ALTER TABLE ${prefix}lots SET (fillfactor = 85);
-- accounts and member statistics are updated in place by every purchase: room on the page keeps those updates HOT.
-- (Affects pages written from now on; VACUUM FULL or CLUSTER applies it to existing rows.)
ALTER TABLE ${prefix}accounts SET (fillfactor = 90);
ALTER TABLE ${prefix}member_stats SET (fillfactor = 90);
-- sales: only holds have a ticket; purchases no longer add a NULL entry to the ticket index.
DROP INDEX ${prefix}sales_ticket;
CREATE UNIQUE INDEX ${prefix}sales_ticket ON ${prefix}sales (program, ticket) WHERE ticket IS NOT NULL;
-- sales by member: no query reads it.
DROP INDEX ${prefix}sales_member;
