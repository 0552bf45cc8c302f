-- Kopilka schema version 3: the message outbox, channel reachability marks and shared send slots.
-- Instants are BIGINT epoch nanoseconds like V1. A message is never deleted: every one ends in a final state.

CREATE TABLE ${prefix}outbox (
    program           VARCHAR(64)   NOT NULL,
    id                VARCHAR(64)   NOT NULL,
    member_id         VARCHAR(64)   NOT NULL,
    dedupe_key        VARCHAR(200)  NOT NULL,
    purpose           VARCHAR(16)   NOT NULL,
    campaign_id       VARCHAR(128),
    body              MEDIUMTEXT          NOT NULL,
    created_at        BIGINT        NOT NULL,
    not_before        BIGINT        NOT NULL,
    expires_at        BIGINT,
    state             VARCHAR(16)   NOT NULL,
    due_at            BIGINT        NOT NULL,
    attempts          INT           NOT NULL,
    channel           VARCHAR(16),
    provider_id       VARCHAR(200),
    cost_kopecks      BIGINT,
    parts             INT           NOT NULL,
    delivery_status   VARCHAR(16),
    last_error        VARCHAR(1000),
    lease_token       VARCHAR(200),
    lease_until       BIGINT,
    send_started_at   BIGINT,
    updated_at        BIGINT        NOT NULL,
    PRIMARY KEY (program, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX ${prefix}outbox_dedupe ON ${prefix}outbox (program, dedupe_key);
-- The claim's index: only messages waiting to be sent, earliest due first.
CREATE INDEX ${prefix}outbox_due ON ${prefix}outbox (program, state, due_at, id);
CREATE INDEX ${prefix}outbox_leases ON ${prefix}outbox (program, state, lease_until);
CREATE INDEX ${prefix}outbox_provider ON ${prefix}outbox (program, channel, provider_id);
CREATE INDEX ${prefix}outbox_member ON ${prefix}outbox (program, member_id);
CREATE INDEX ${prefix}outbox_campaign ON ${prefix}outbox (program, campaign_id, id);

CREATE TABLE ${prefix}channel_unreachable (
    program           VARCHAR(64)   NOT NULL,
    member_id         VARCHAR(64)   NOT NULL,
    channel           VARCHAR(16)   NOT NULL,
    reason            VARCHAR(500),
    marked_at         BIGINT        NOT NULL,
    PRIMARY KEY (program, member_id, channel)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per program and channel: where the next free send slot is. Every dispatcher reserves its slots here
-- under the row lock, which is what keeps a channel's rate across instances.
CREATE TABLE ${prefix}send_slots (
    program           VARCHAR(64)   NOT NULL,
    channel           VARCHAR(16)   NOT NULL,
    next_free         BIGINT        NOT NULL,
    PRIMARY KEY (program, channel)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
