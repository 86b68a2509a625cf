-- Overdraft limits (docs/ACCOUNTS.md, "Overdraft limits"): an account may be given credit, so its balance may go below
-- zero, down to minus its limit less what its holds keep back. The available balance counts the limit: what may still
-- leave, never below zero.

-- A balance, and a movement's balance after it, may now be negative: their checks of 0001 go.
ALTER TABLE account_balance DROP CONSTRAINT account_balance_balance_minor_units_check;
ALTER TABLE transactions DROP CONSTRAINT transactions_balance_after_minor_units_check;

-- The limit in force (AccountState.OverdraftLimitMinorUnits). A generated column's expression cannot be altered (before
-- PostgreSQL 17), so the available balance is made again with the limit in it; every row is rewritten once.
ALTER TABLE account_balance
    DROP COLUMN available_balance_minor_units,
    ADD COLUMN overdraft_limit_minor_units BIGINT NOT NULL DEFAULT 0 CHECK (overdraft_limit_minor_units >= 0),
    ADD COLUMN available_balance_minor_units BIGINT
        GENERATED ALWAYS AS (balance_minor_units - held_minor_units + overdraft_limit_minor_units) STORED,
    ADD CONSTRAINT account_balance_available_not_negative
        CHECK (balance_minor_units - held_minor_units + overdraft_limit_minor_units >= 0);
