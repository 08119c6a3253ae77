-- A day's revenue is a sum of order totals, each up to 2^53 - 1 minor units: a bigint (2^63 - 1) would overflow
-- after about a thousand such captures for one merchant and day, and the projection would then stop on every
-- batch that touches that row. numeric(38, 0) keeps the sum exact far beyond any real day.
ALTER TABLE readmodels.revenue_daily ALTER COLUMN revenue_cents TYPE numeric(38, 0);
