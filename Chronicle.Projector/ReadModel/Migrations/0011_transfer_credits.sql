-- A transfer is complete once its target's credit is durable (docs/TRANSFERS.md). The source's settlement, which
-- rewrites the transfer's row as completed, may wait up to Chronicle:Transfers:SettlementDelayMilliseconds to ride
-- on the source's next transfer; meanwhile the read side answers a pending row whose credit it holds (the target's
-- transfer_in transaction, one per transfer) as completed. This index finds that credit.
CREATE INDEX transactions_transfer_in_idx ON transactions (transfer_id) WHERE type = 'transfer_in';
