-- GET /transfers?status=...: the most recently changed transfers in one status. Without this the
-- query walks transfers_updated_at_idx through every transfer of the other statuses (nearly all
-- are completed), to find, say, the few still pending.
CREATE INDEX transfers_status_updated_at_idx ON transfers (status, updated_at DESC);
