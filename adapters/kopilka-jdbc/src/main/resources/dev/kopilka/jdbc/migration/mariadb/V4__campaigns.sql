-- Campaign participations: one row per (campaign, member, occurrence), the unique key that makes a re-run sweep
-- or a retried event harmless, and the record ROI is computed from (treated vs control, what was given).
CREATE TABLE ${prefix}campaign_participations (
    program           VARCHAR(64)   NOT NULL,
    campaign_id       VARCHAR(40)   NOT NULL,
    member_id         VARCHAR(64)   NOT NULL,
    occurrence        VARCHAR(160)  NOT NULL,
    grp               VARCHAR(8)    NOT NULL,
    occurred_at       BIGINT        NOT NULL,
    points            BIGINT        NOT NULL,
    grant_expires_at  BIGINT,
    promo_code        VARCHAR(40),
    message_ids       VARCHAR(1000) NOT NULL,
    PRIMARY KEY (program, campaign_id, member_id, occurrence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}campaign_participations_at ON ${prefix}campaign_participations (program, campaign_id, occurred_at);
CREATE INDEX ${prefix}campaign_participations_member ON ${prefix}campaign_participations (program, member_id, occurred_at);

-- Sweep run claims: one row per (program, sweep, day); the holder's lease lets a killed instance's run be taken over.
CREATE TABLE ${prefix}campaign_runs (
    program           VARCHAR(64)   NOT NULL,
    sweep             VARCHAR(40)   NOT NULL,
    run_day           VARCHAR(10)   NOT NULL,
    owner             VARCHAR(64)   NOT NULL,
    lease_until       BIGINT        NOT NULL,
    finished_at       BIGINT,
    PRIMARY KEY (program, sweep, run_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
