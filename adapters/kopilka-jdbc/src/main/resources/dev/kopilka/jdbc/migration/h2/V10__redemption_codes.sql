-- Kopilka schema version 10: pending redemption confirmation codes, one row per receipt, written in the till's
-- transaction so a code survives a restart and every instance on the database sees it. Only a salted SHA-256 of
-- the code is kept (hex); rows go when the code is used, voided by wrong attempts, or found expired.
CREATE TABLE ${prefix}redemption_codes (
    program           VARCHAR(64)   NOT NULL,
    txid              VARCHAR(128)  NOT NULL,
    member_id         VARCHAR(64)   NOT NULL,
    points            BIGINT        NOT NULL,
    salt              VARCHAR(32)   NOT NULL,
    code_hash         VARCHAR(64)   NOT NULL,
    expires_at        BIGINT        NOT NULL,
    attempts_left     INT           NOT NULL,
    PRIMARY KEY (program, txid)
);
CREATE INDEX ${prefix}redemption_codes_expiry ON ${prefix}redemption_codes (program, expires_at);
