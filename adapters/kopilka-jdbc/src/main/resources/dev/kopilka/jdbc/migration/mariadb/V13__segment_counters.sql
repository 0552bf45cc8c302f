-- Kopilka schema, version 13: rolling 90- and 365-day counters in member_stats, and the day's RFM quintile
-- boundaries, so rolling-window and RFM segments are a scan of the narrow row instead of an aggregate of the day
-- rows or a sort of the buyers per query (docs/segments.md, "How evaluation works").
-- wN_count / wN_sum: the receipts and spend of the member's day rows on or after wN_from (no upper bound), kept by
-- each purchase and return; wN_oldest: the earliest such day; days_newest: the latest day of any day row. A query
-- for day T uses the counters of a row only when valid_from <= T <= valid_until and it has no day row after T, else
-- it sums the day rows of that member exactly: valid_from is the day of the row's last refresh (wN_from = that day
-- - N + 1), valid_until the last day before a counted day leaves a window (min over N of wN_oldest + N - 1). Both
-- are indexed, so a query finds the few rows to sum without a scan. The defaults (9999-12-31) mark counters not
-- computed yet (rows from before this version, members joined since the last refresh): such rows take the exact
-- path until the statistics refresh (the daily sweep, or Segments.refresh) recomputes them.
-- member_stats_ranks: per program and RFM score (r, f, m) the first buyer (key, member id) of each quintile 2..5, as
-- ranked by the refresh on ranked_on; queries on that day compare with them instead of ranking the buyers.

ALTER TABLE ${prefix}member_stats ADD COLUMN w90_from DATE NOT NULL DEFAULT '9999-12-31';
ALTER TABLE ${prefix}member_stats ADD COLUMN w90_oldest DATE;
ALTER TABLE ${prefix}member_stats ADD COLUMN w90_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}member_stats ADD COLUMN w90_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}member_stats ADD COLUMN w365_from DATE NOT NULL DEFAULT '9999-12-31';
ALTER TABLE ${prefix}member_stats ADD COLUMN w365_oldest DATE;
ALTER TABLE ${prefix}member_stats ADD COLUMN w365_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}member_stats ADD COLUMN w365_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}member_stats ADD COLUMN days_newest DATE;
ALTER TABLE ${prefix}member_stats ADD COLUMN valid_from DATE NOT NULL DEFAULT '9999-12-31';
ALTER TABLE ${prefix}member_stats ADD COLUMN valid_until DATE NOT NULL DEFAULT '9999-12-31';
CREATE INDEX ${prefix}member_stats_valid_from ON ${prefix}member_stats (program, valid_from, member_id);
CREATE INDEX ${prefix}member_stats_valid_until ON ${prefix}member_stats (program, valid_until, member_id);

CREATE TABLE ${prefix}member_stats_ranks (
    program            VARCHAR(64)  NOT NULL,
    score              VARCHAR(1)   NOT NULL,
    bucket             INT          NOT NULL,
    ranked_on          DATE         NOT NULL,
    rank_key           BIGINT,
    member_id          VARCHAR(64),
    PRIMARY KEY (program, score, bucket)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
