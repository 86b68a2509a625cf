-- Transfers live on their source accounts (docs/TRANSFERS.md): the saga and its events are gone, and a
-- transfer's row is what its source account's events say. The account rows gain the open holds.

-- Money still on the balance but held by open holds; the available balance is what is left of it.
ALTER TABLE account_balance
    ADD COLUMN held_minor_units BIGINT NOT NULL DEFAULT 0 CHECK (held_minor_units >= 0),
    ADD COLUMN available_balance_minor_units BIGINT GENERATED ALWAYS AS (balance_minor_units - held_minor_units) STORED;

-- The saga's rows cannot be carried over: their amounts were requested decimals, their versions the saga's,
-- and the events they came from are no longer read (a journal that holds them has its accounts quarantined).
DROP TABLE transfers;

-- One row per transfer, written only by its source account's events (so only by that account's
-- partition), as of the source's `source_version`. An open row (pending or held) is the source's
-- open transfer itself: the projector rebuilds the account's open transfers from these rows.
CREATE TABLE transfers (
    transfer_id               TEXT        PRIMARY KEY,
    from_account_id           TEXT        NOT NULL,
    to_account_id             TEXT        NOT NULL,
    -- The source's.
    currency                  TEXT        NOT NULL,
    -- Sent, or held (for a hold, whatever part of it is posted).
    amount_minor_units        BIGINT      NOT NULL CHECK (amount_minor_units > 0),
    -- A posted hold: the part that left the source (the rest was released).
    posted_amount_minor_units BIGINT      CHECK (posted_amount_minor_units > 0 AND posted_amount_minor_units <= amount_minor_units),
    status                    TEXT        NOT NULL CHECK (status IN ('pending', 'held', 'completed', 'failed', 'voided', 'expired')),
    description               TEXT,
    -- A hold's timeout; cleared when the hold is posted.
    expires_at                TIMESTAMPTZ,
    -- The source's event that took the amount as the transfer stands: the send, the hold, then the post.
    source_event_id           UUID        NOT NULL,
    -- The target's TransferCredited, once the source has recorded it (completed).
    credit_event_id           UUID,
    -- A failed transfer: the target's rejection code, and its message.
    failure_reason            TEXT,
    failure_detail            TEXT,
    source_version            BIGINT      NOT NULL CHECK (source_version > 0),
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);
CREATE INDEX transfers_updated_at_idx ON transfers (updated_at DESC);
CREATE INDEX transfers_status_updated_at_idx ON transfers (status, updated_at DESC);
-- The open transfers of the accounts a batch touches: what their state is rebuilt from.
CREATE INDEX transfers_open_by_source_idx ON transfers (from_account_id) WHERE status IN ('pending', 'held');
