-- Kopilka schema, version 2: member statistics for segments and time-based triggers.
-- member_stats: one narrow row per member with lifetime values, updated in the transaction of each
-- registration, purchase, return and profile change (a purchase: one increment UPDATE here plus one upsert in
-- member_stats_days). Days (joined_on, last_purchase_on, purchase_day) are calendar days in the program's zone.
-- birth_md is month * 100 + day of the birthday, so birthday windows are range predicates.
-- member_id compares in binary order: segment pages are keyed by it and must page the same on every database.
-- Members from before this version get their row on their next event.

CREATE TABLE ${prefix}member_stats (
    program            VARCHAR(64)  NOT NULL,
    member_id          VARCHAR(64)  NOT NULL,
    joined_at          BIGINT       NOT NULL,
    joined_on          DATE         NOT NULL,
    birthday           DATE,
    birth_md           INT,
    home_store         VARCHAR(64),
    first_purchase_at  BIGINT,
    last_purchase_at   BIGINT,
    last_purchase_on   DATE,
    last_store         VARCHAR(64),
    purchase_count     BIGINT       NOT NULL,
    purchase_sum       BIGINT       NOT NULL,
    tier               VARCHAR(64),
    telegram_reachable BOOLEAN      NOT NULL,
    sms_reachable      BOOLEAN      NOT NULL,
    blocked            BOOLEAN      NOT NULL,
    PRIMARY KEY (program, member_id)
);

CREATE TABLE ${prefix}member_stats_days (
    program            VARCHAR(64)  NOT NULL,
    member_id          VARCHAR(64)  NOT NULL,
    purchase_day       DATE         NOT NULL,
    store_id           VARCHAR(64)  NOT NULL,
    purchase_count     BIGINT       NOT NULL,
    purchase_sum       BIGINT       NOT NULL,
    PRIMARY KEY (program, member_id, purchase_day, store_id)
);
CREATE INDEX ${prefix}member_stats_days_day ON ${prefix}member_stats_days (program, purchase_day, member_id);
