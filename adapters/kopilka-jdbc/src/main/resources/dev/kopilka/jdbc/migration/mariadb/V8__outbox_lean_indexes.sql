-- Kopilka schema version 8: the outbox keeps only the indexes its hot paths need (see the PostgreSQL file).
-- MariaDB has no partial indexes, so the member index stays as it is; the campaign index, which served only
-- reports, goes: reports of a campaign read the program's outbox.
DROP INDEX ${prefix}outbox_campaign ON ${prefix}outbox;
