-- Holds are known to their targets (docs/TRANSFERS.md, "Holds known to their targets"): an account holds other
-- accounts' holds towards it as pending, and cannot close while it does; a source keeps an ended hold open until its
-- target confirms it no longer holds it.

-- Money that may still arrive: the sum of the account's pending incoming holds (not on the balance, not spendable).
ALTER TABLE account_balance
    ADD COLUMN pending_incoming_minor_units BIGINT NOT NULL DEFAULT 0 CHECK (pending_incoming_minor_units >= 0);

-- The target's pending entries, written only by the target's events (so only by its partition): the projector
-- rebuilds an account's pending holds from these rows, as it rebuilds its open transfers from theirs.
CREATE TABLE incoming_holds (
    account_id         TEXT        NOT NULL,
    transfer_id        TEXT        NOT NULL,
    from_account_id    TEXT        NOT NULL,
    amount_minor_units BIGINT      NOT NULL CHECK (amount_minor_units > 0),
    -- The target's IncomingHoldOpened.
    event_id           UUID        NOT NULL,
    opened_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, transfer_id)
);

-- The transfer's target holds it, or may hold it, as pending: a hold from its start until its credit or its confirmed
-- release. A row ended (voided, expired, failed) with this still true is open on its source, releasing.
ALTER TABLE transfers ADD COLUMN pending_at_target BOOLEAN NOT NULL DEFAULT false;
DROP INDEX transfers_open_by_source_idx;
CREATE INDEX transfers_open_by_source_idx ON transfers (from_account_id) WHERE status IN ('pending', 'held') OR pending_at_target;
