-- Kopilka schema, version 7: less index work per purchase (docs/performance.md).
-- lots: indexed by member without `remaining`, so spending from a lot changes no secondary index; a member's lots
-- with points are still found by the index on (program, member_id). Sales by member: no query reads it.
DROP INDEX ${prefix}lots_member;
CREATE INDEX ${prefix}lots_member ON ${prefix}lots (program, member_id);
DROP INDEX ${prefix}sales_member;
