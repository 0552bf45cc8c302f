-- Kopilka schema, version 7: less index work per purchase (docs/performance.md).
-- lots: indexed by member without `remaining`, so spending from a lot changes no secondary index; a member's lots
-- with points are still found by the index on (program, member_id). Sales by member: no query reads it.
ALTER TABLE ${prefix}lots DROP INDEX ${prefix}lots_member, ADD INDEX ${prefix}lots_member (program, member_id);
ALTER TABLE ${prefix}sales DROP INDEX ${prefix}sales_member;
