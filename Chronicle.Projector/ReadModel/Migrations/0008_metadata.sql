-- Metadata (docs/ACCOUNTS.md, "Metadata"): a client's labels, string keys to string values, on an account (given at its
-- creation), on each money movement (a deposit's or a withdrawal's own; a transfer's on its every row, the target's too)
-- and on each transfer. '{}' for none, so every row has an object a filter can match.

ALTER TABLE account_balance ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE transactions ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';
ALTER TABLE transfers ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}';

-- GET /accounts?metadata[KEY]=VALUE and an account's transactions filtered alike: containment (metadata @> '{"k":"v"}'),
-- which jsonb_path_ops indexes (smaller and faster than the default jsonb_ops, which also serves key-exists operators
-- the API does not offer).
CREATE INDEX account_balance_metadata_idx ON account_balance USING GIN (metadata jsonb_path_ops);
CREATE INDEX transactions_metadata_idx ON transactions USING GIN (metadata jsonb_path_ops);
CREATE INDEX transfers_metadata_idx ON transfers USING GIN (metadata jsonb_path_ops);
