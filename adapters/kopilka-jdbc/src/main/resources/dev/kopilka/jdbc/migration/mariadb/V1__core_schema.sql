-- Kopilka core schema, version 1 (members, ledger, checkout, promo codes).
-- Instants are BIGINT epoch microseconds (exact, zone-free, portable); structured values are JSON text.
-- Every table is keyed by program first: one database hosts many programs, none sees another's rows.

CREATE TABLE ${prefix}members (
    program           VARCHAR(64)  NOT NULL,
    id                VARCHAR(64)  NOT NULL,
    phone             VARCHAR(32),
    card_number       VARCHAR(64),
    external_id       VARCHAR(128),
    telegram_user_id  BIGINT,
    name              VARCHAR(200),
    birthday          VARCHAR(10),
    birthday_change   MEDIUMTEXT,
    joined_at         BIGINT       NOT NULL,
    home_store        VARCHAR(64),
    consents          VARCHAR(200) NOT NULL,
    blocked           BOOLEAN      NOT NULL,
    blocked_reason    VARCHAR(500),
    version           BIGINT       NOT NULL,
    PRIMARY KEY (program, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX ${prefix}members_phone ON ${prefix}members (program, phone);
CREATE UNIQUE INDEX ${prefix}members_card ON ${prefix}members (program, card_number);
CREATE UNIQUE INDEX ${prefix}members_external ON ${prefix}members (program, external_id);
CREATE UNIQUE INDEX ${prefix}members_telegram ON ${prefix}members (program, telegram_user_id);

CREATE TABLE ${prefix}accounts (
    program           VARCHAR(64)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    activity_since    BIGINT       NOT NULL,
    last_purchase_at  BIGINT,
    debt              BIGINT       NOT NULL,
    tier              VARCHAR(32)  NOT NULL,
    tier_review_at    BIGINT,
    settled_at        BIGINT       NOT NULL,
    PRIMARY KEY (program, member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}lots (
    program           VARCHAR(64)  NOT NULL,
    id                VARCHAR(64)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    source            VARCHAR(16)  NOT NULL,
    points            BIGINT       NOT NULL,
    remaining         BIGINT       NOT NULL,
    created_at        BIGINT       NOT NULL,
    activates_at      BIGINT       NOT NULL,
    expires_at        BIGINT,
    reference         VARCHAR(200),
    PRIMARY KEY (program, id),
    CHECK (remaining >= 0 AND remaining <= points)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}lots_member ON ${prefix}lots (program, member_id, remaining);

CREATE TABLE ${prefix}entries (
    seq               BIGINT NOT NULL AUTO_INCREMENT,
    program           VARCHAR(64)  NOT NULL,
    id                VARCHAR(64)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    type              VARCHAR(16)  NOT NULL,
    points            BIGINT       NOT NULL,
    occurred_at       BIGINT       NOT NULL,
    reference         VARCHAR(200),
    lot_id            VARCHAR(64),
    consumptions      MEDIUMTEXT       NOT NULL,
    debt_change       BIGINT       NOT NULL,
    related_entry_id  VARCHAR(64),
    note              VARCHAR(500),
    PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX ${prefix}entries_id ON ${prefix}entries (program, id);
CREATE INDEX ${prefix}entries_member ON ${prefix}entries (program, member_id, seq);

CREATE TABLE ${prefix}reservations (
    program           VARCHAR(64)  NOT NULL,
    id                VARCHAR(64)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    points            BIGINT       NOT NULL,
    consumptions      MEDIUMTEXT       NOT NULL,
    created_at        BIGINT       NOT NULL,
    expires_at        BIGINT       NOT NULL,
    hold_entry_id     VARCHAR(64)  NOT NULL,
    PRIMARY KEY (program, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}reservations_member ON ${prefix}reservations (program, member_id);

CREATE TABLE ${prefix}spend (
    seq               BIGINT NOT NULL AUTO_INCREMENT,
    program           VARCHAR(64)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    occurred_at       BIGINT       NOT NULL,
    kopecks           BIGINT       NOT NULL,
    reference         VARCHAR(200),
    PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}spend_member ON ${prefix}spend (program, member_id, occurred_at);

CREATE TABLE ${prefix}adjustments (
    program           VARCHAR(64)  NOT NULL,
    idem_key          VARCHAR(128) NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    request           MEDIUMTEXT       NOT NULL,
    entry_id          VARCHAR(64)  NOT NULL,
    PRIMARY KEY (program, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}sales (
    program           VARCHAR(64)  NOT NULL,
    txid              VARCHAR(128) NOT NULL,
    ticket            VARCHAR(64),
    kind              VARCHAR(16)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    store_id          VARCHAR(64)  NOT NULL,
    request           MEDIUMTEXT       NOT NULL,
    created_at        BIGINT       NOT NULL,
    data              MEDIUMTEXT       NOT NULL,
    PRIMARY KEY (program, txid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX ${prefix}sales_ticket ON ${prefix}sales (program, ticket);
CREATE INDEX ${prefix}sales_member ON ${prefix}sales (program, member_id, created_at);

CREATE TABLE ${prefix}sale_returns (
    program           VARCHAR(64)  NOT NULL,
    return_id         VARCHAR(128) NOT NULL,
    sale_txid         VARCHAR(128) NOT NULL,
    request           MEDIUMTEXT       NOT NULL,
    receipt           MEDIUMTEXT,
    PRIMARY KEY (program, return_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}anonymous_receipts (
    program           VARCHAR(64)  NOT NULL,
    receipt_id        VARCHAR(128) NOT NULL,
    store_id          VARCHAR(64)  NOT NULL,
    amount            BIGINT       NOT NULL,
    occurred_at       BIGINT       NOT NULL,
    PRIMARY KEY (program, receipt_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}anonymous_receipts_at ON ${prefix}anonymous_receipts (program, occurred_at);

CREATE TABLE ${prefix}promo_codes (
    program           VARCHAR(64)  NOT NULL,
    code              VARCHAR(40)  NOT NULL,
    discount_kind     VARCHAR(8)   NOT NULL,
    discount_value    VARCHAR(32)  NOT NULL,
    min_receipt       BIGINT       NOT NULL,
    valid_from        BIGINT,
    valid_until       BIGINT,
    owner_id          VARCHAR(64),
    max_uses          INTEGER      NOT NULL,
    uses              INTEGER      NOT NULL,
    combines          BOOLEAN      NOT NULL,
    origin            VARCHAR(128),
    issued_at         BIGINT       NOT NULL,
    PRIMARY KEY (program, code),
    CHECK (uses >= 0 AND uses <= max_uses)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}promo_codes_owner ON ${prefix}promo_codes (program, owner_id);

CREATE TABLE ${prefix}promo_uses (
    seq               BIGINT NOT NULL AUTO_INCREMENT,
    program           VARCHAR(64)  NOT NULL,
    code              VARCHAR(40)  NOT NULL,
    member_id         VARCHAR(64),
    txid              VARCHAR(128),
    occurred_at       BIGINT       NOT NULL,
    PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${prefix}promo_uses_code ON ${prefix}promo_uses (program, code, seq);
