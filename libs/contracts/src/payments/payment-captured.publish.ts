import { EventContext, EventEnvelope, newEvent } from '../envelope';
import { downcastPaymentCapturedV2ToV1 } from './payment-captured.casts';
import { PaymentCapturedV1Contract } from './payment-captured.v1';
import { PaymentCapturedV2, PaymentCapturedV2Contract } from './payment-captured.v2';

/**
 * The envelopes one capture is published as during v1's deprecation window (docs/contracts/VERSIONING.md):
 * the v1 twin first, then v2, for the same aggregate (the order) and context, each with its own event id. The
 * producer appends both in the transaction that records the capture, so a consumer of either version sees
 * every capture exactly when the other does. Throws when the amount does not fit v1 (above 2^53 - 1): while
 * v1 consumers exist such a capture cannot be announced to them, and PaymentRequested v1 already caps amounts
 * there, so reaching this is a bug.
 */
export function paymentCapturedEvents(orderId: string, capture: PaymentCapturedV2, context: EventContext, occurredAt?: Date): EventEnvelope[] {
  const v1 = downcastPaymentCapturedV2ToV1(capture);
  if (!v1.ok) throw new RangeError(v1.error);
  return [newEvent(PaymentCapturedV1Contract, orderId, v1.value, context, occurredAt), newEvent(PaymentCapturedV2Contract, orderId, capture, context, occurredAt)];
}
