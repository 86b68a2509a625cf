-- The event store: Akka.Persistence.Sql's journal and snapshot tables, created explicitly
-- instead of by the plugin's auto-initialize (whose DDL uses PL/pgSQL that CockroachDB may
-- refuse). Plain DDL that PostgreSQL 15 and CockroachDB both run; safe to run repeatedly.

CREATE TABLE IF NOT EXISTS journal (
    ordering        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created         BIGINT  NOT NULL,
    deleted         BOOLEAN NOT NULL,
    persistence_id  TEXT    NOT NULL,
    sequence_number BIGINT  NOT NULL,
    message         BYTEA   NOT NULL,
    manifest        TEXT,
    identifier      INTEGER,
    writer_uuid     TEXT,
    -- The last guard against a double spend: two incarnations of one account can never both
    -- commit the same sequence number.
    CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);

CREATE TABLE IF NOT EXISTS tags (
    ordering_id    BIGINT NOT NULL,
    tag            TEXT   NOT NULL,
    sequence_nr    BIGINT NOT NULL,
    persistence_id TEXT   NOT NULL,
    PRIMARY KEY (ordering_id, tag)
);
CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);

-- Every snapshot is kept (the plugin never deletes unless asked): time travel starts from the nearest.
CREATE TABLE IF NOT EXISTS snapshot (
    persistence_id  TEXT   NOT NULL,
    sequence_number BIGINT NOT NULL,
    created         BIGINT NOT NULL,
    snapshot        BYTEA,
    manifest        TEXT,
    serializer_id   INTEGER,
    PRIMARY KEY (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);

-- How far back the transfer recovery must look for unfinished sagas (TransferRecovery): every
-- journal row at or below this ordering belongs to a finished transfer or to none. One row.
CREATE TABLE IF NOT EXISTS transfer_recovery_watermark (
    singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    ordering  BIGINT  NOT NULL
);
