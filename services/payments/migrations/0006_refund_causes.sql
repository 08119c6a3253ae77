-- A refund continues the request that caused it, not the checkout: the cancel's correlation id (the caller's
-- request id), caused by the OrderCancelled event, in its trace. The capture's context was used before, so a
-- caller following its cancel request by id never found the refund. The cancellation records its cause too, for
-- a capture that completes after it (refunded at once, as caused by that cancellation). Older rows have none
-- and keep the capture's context.
ALTER TABLE payments.refunds
  ADD COLUMN correlation_id text,
  ADD COLUMN causation_id text,
  ADD COLUMN traceparent text;
ALTER TABLE payments.cancelled_orders
  ADD COLUMN correlation_id text,
  ADD COLUMN causation_id text,
  ADD COLUMN traceparent text;
