-- PaymentCaptured v2 carries its amount as up to 38 digits (libs/contracts/src/money.ts), and revenue_daily already
-- sums in numeric(38, 0) (0002). A capture past a bigint's 2^63 - 1 was refused here, and the projection
-- dead-lettered it; the entries are now as wide as the contract. The table is a rebuildable read model: its rewrite
-- by this ALTER costs what a rebuild would.
ALTER TABLE readmodels.revenue_entries ALTER COLUMN revenue_cents TYPE numeric(38, 0);
