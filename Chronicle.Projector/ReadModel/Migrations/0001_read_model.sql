-- The read model: what the query API answers from. Every row is derived from the event feed and
-- can be rebuilt from it (./chronicle rebuild); nothing here is a source of truth.
-- Money in minor units of the row's currency (bigint), as in the events.

-- One row per account: its state as of `version` (the last event applied).
CREATE TABLE account_balance (
    account_id          TEXT        PRIMARY KEY,
    owner_name          TEXT        NOT NULL,
    currency            TEXT        NOT NULL,
    balance_minor_units BIGINT      NOT NULL CHECK (balance_minor_units >= 0),
    status              TEXT        NOT NULL,
    version             BIGINT      NOT NULL CHECK (version > 0),
    transaction_count   BIGINT      NOT NULL CHECK (transaction_count >= 0),
    created_at          TIMESTAMPTZ NOT NULL,
    last_updated        TIMESTAMPTZ NOT NULL
);

-- Every money movement on an account, keyed by the account event that made it.
CREATE TABLE transactions (
    account_id                TEXT        NOT NULL,
    version                   BIGINT      NOT NULL,
    transaction_id            UUID        NOT NULL,
    type                      TEXT        NOT NULL CHECK (type IN ('deposit', 'withdrawal', 'transfer_out', 'transfer_in', 'refund')),
    amount_minor_units        BIGINT      NOT NULL CHECK (amount_minor_units > 0),
    balance_after_minor_units BIGINT      NOT NULL CHECK (balance_after_minor_units >= 0),
    currency                  TEXT        NOT NULL,
    description               TEXT,
    transfer_id               TEXT,
    occurred_at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, version)
);

-- One row per transfer saga: its state as of `version`.
CREATE TABLE transfers (
    transfer_id        TEXT        PRIMARY KEY,
    from_account_id    TEXT        NOT NULL,
    to_account_id      TEXT        NOT NULL,
    -- As requested; exact (numeric), in the currency learnt at the debit.
    amount             NUMERIC     NOT NULL,
    currency           TEXT,
    description        TEXT,
    status             TEXT        NOT NULL,
    refund_reason      TEXT,
    failure_reason     TEXT,
    failure_detail     TEXT,
    version            BIGINT      NOT NULL CHECK (version > 0),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX transfers_updated_at_idx ON transfers (updated_at DESC);

-- The audit log: every event of every entity, by its journal position.
CREATE TABLE events (
    sequence       BIGINT      PRIMARY KEY,
    event_id       UUID        NOT NULL,
    aggregate_type TEXT        NOT NULL,
    aggregate_id   TEXT        NOT NULL,
    version        BIGINT      NOT NULL,
    event_type     TEXT        NOT NULL,
    event_data     JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    written_at     TIMESTAMPTZ NOT NULL,
    -- The last guard against applying an event twice.
    UNIQUE (aggregate_type, aggregate_id, version)
);

-- Per feed partition: the last stream sequence whose batch is applied (committed with the batch).
CREATE TABLE projector_checkpoint (
    partition       INTEGER     PRIMARY KEY,
    stream_sequence BIGINT      NOT NULL,
    events_applied  BIGINT      NOT NULL,
    gaps_repaired   BIGINT      NOT NULL,
    last_written_at TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL
);
