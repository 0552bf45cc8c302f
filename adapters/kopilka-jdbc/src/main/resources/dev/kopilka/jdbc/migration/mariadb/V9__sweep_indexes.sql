-- Kopilka schema, version 9: indexes for the daily sweep's selections over member_stats.
-- lapse_on is the day the member's current lapse started: the last purchase's day, or the joining day for a member
-- who never bought (a generated column, kept by the database). "Inactive for N days" and "birthday in N days" then
-- select a narrow band of an index instead of scanning every member. A purchase that moves lapse_on to a new day
-- writes index entries (on PostgreSQL it is no longer a HOT update; see docs/performance.md, "Daily sweep").

ALTER TABLE ${prefix}member_stats ADD COLUMN lapse_on DATE AS (COALESCE(last_purchase_on, joined_on)) PERSISTENT;
CREATE INDEX ${prefix}member_stats_lapse ON ${prefix}member_stats (program, lapse_on, member_id);
CREATE INDEX ${prefix}member_stats_birth ON ${prefix}member_stats (program, birth_md, member_id);
