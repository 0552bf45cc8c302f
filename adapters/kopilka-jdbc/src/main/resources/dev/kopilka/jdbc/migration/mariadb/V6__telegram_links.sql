-- Kopilka schema version 6: when members linked and unlinked Telegram, for the analytics' daily Telegram reach and
-- registrations through the bot. One row per link; unlinked_at closes it. Members linked before this version get a
-- link from their join time (the real time was not recorded).
CREATE TABLE ${prefix}telegram_links (
    program           VARCHAR(64)   NOT NULL,
    member_id         VARCHAR(64)   NOT NULL,
    linked_at         BIGINT        NOT NULL,
    unlinked_at       BIGINT,
    -- false: backfilled from before version 6, linked_at is the join time, not when the link was made
    exact_time        BOOLEAN       NOT NULL
);
CREATE INDEX ${prefix}telegram_links_member ON ${prefix}telegram_links (program, member_id);

INSERT INTO ${prefix}telegram_links (program, member_id, linked_at, exact_time)
SELECT program, id, joined_at, FALSE FROM ${prefix}members WHERE telegram_user_id IS NOT NULL;
