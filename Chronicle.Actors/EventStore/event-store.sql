-- The event store: Akka.Persistence.Sql's journal and snapshot tables, created explicitly
-- instead of by the plugin's auto-initialize (whose DDL uses PL/pgSQL that CockroachDB may
-- refuse). Plain DDL that PostgreSQL 15 and CockroachDB both run; safe to run repeatedly.
-- The nodes run it at start; docker-compose.yml's cockroach-init runs it with `cockroach sql`.

-- The journal's position (ordering) comes from a sequence, one value per row, CACHE 1: increasing
-- in the order rows are inserted, with holes only where an insert failed or was retried. Never
-- from CockroachDB's unique_rowid() (what SERIAL becomes there by default), whose values jump
-- by millions from one row to the next: the read journal and the event feed would take every
-- jump for an uncommitted insert and wait out their 30 s gap timeout at each (docs/DEPLOYMENT.md).
-- And no CACHE above 1: cached values are handed out by each session or node in its own time, so a
-- row could commit long after later positions, past the gap wait, and be skipped by the feed.
CREATE SEQUENCE IF NOT EXISTS journal_ordering_seq CACHE 1;

CREATE TABLE IF NOT EXISTS journal (
    ordering        BIGINT  NOT NULL DEFAULT nextval('journal_ordering_seq') PRIMARY KEY,
    created         BIGINT  NOT NULL,
    deleted         BOOLEAN NOT NULL,
    persistence_id  TEXT    NOT NULL,
    sequence_number BIGINT  NOT NULL,
    message         BYTEA   NOT NULL,
    manifest        TEXT,
    identifier      INTEGER,
    writer_uuid     TEXT,
    -- The event's idempotency tag (IdempotencyTag), '' for an event written without a key.
    tags            TEXT,
    -- The last guard against a double spend: two incarnations of one account can never both
    -- commit the same sequence number.
    CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
);
-- No one-column indexes on created or sequence_number (the plugin's default schema has both; stores made before
-- 2026-12-05 lose them here). Every query of the journal, ours and the plugin's, names the persistence id or the
-- ordering, which journal_uq and the primary key serve; the sequence_number index only ever served a custom plan that
-- took it wrongly (an account that was most of the journal: docs/BENCHMARKS.md, Notes). Each cost every insert a
-- btree descent: without them the event store's CPU per batched deposit fell from 68-78 to 54 us (BENCHMARKS.md, Notes).
DROP INDEX IF EXISTS journal_created_idx;
DROP INDEX IF EXISTS journal_sequence_number_idx;

-- Journals created before events carried their idempotency tag in the row.
ALTER TABLE journal ADD COLUMN IF NOT EXISTS tags TEXT;
-- The durable record of idempotency keys: each keyed event is found by its key's digest (an account
-- asks when its bounded memory cannot tell), and no two events can ever be written under one key.
CREATE UNIQUE INDEX IF NOT EXISTS journal_idempotency_tag_uq ON journal (tags) WHERE tags <> '';

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
-- Time travel's question (SnapshotTable): an account's latest snapshot saved at or before an instant, one probe
-- (the primary key would walk back over every snapshot saved after it). Created here for existing stores too.
CREATE INDEX IF NOT EXISTS snapshot_persistence_id_created_idx ON snapshot (persistence_id, created);

-- How far back the transfer recovery must look for unfinished sagas (TransferRecovery): every
-- journal row at or below this ordering belongs to a finished transfer or to none. One row.
CREATE TABLE IF NOT EXISTS transfer_recovery_watermark (
    singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    ordering  BIGINT  NOT NULL
);

-- Which request each transfer id a client named was first sent with, and under which key (TransferKeys):
-- written before the source account is asked and never changed, so neither the key nor the id can start a
-- second transfer, after any restart (docs/TRANSFERS.md, "One key, one transfer"). key_digest is the tag
-- of the caller-scoped key (IdempotencyTag), never the key: the tag the transfer's opening event carries in
-- the journal, so the id finds its source account. bound_at: when the id was bound.
CREATE TABLE IF NOT EXISTS transfer_keys (
    key_digest          TEXT        PRIMARY KEY,
    transfer_id         TEXT        NOT NULL,
    request_fingerprint TEXT        NOT NULL,
    bound_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- One id, one key. (Before transfers lived on accounts, two keys could name one saga's id: such rows
-- must be pruned before this index can be created.)
CREATE UNIQUE INDEX IF NOT EXISTS transfer_keys_transfer_id_uq ON transfer_keys (transfer_id);

-- Which event store this is, made once by the first node to start on it: a read model records the one it
-- was projected from, and the projector refuses to apply this store's feed to a read model built from
-- another (EventStoreIdentity, docs/READ-MODEL.md "Which event store a read model belongs to").
CREATE TABLE IF NOT EXISTS event_store_identity (
    singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    id        UUID    NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO event_store_identity (singleton) VALUES (true) ON CONFLICT (singleton) DO NOTHING;
