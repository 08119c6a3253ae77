import { upcastPaymentCapturedV1ToV2 } from '@shop/contracts';
import type { EventEnvelope, PaymentCapturedV1, PaymentCapturedV2, PaymentRefundedV1 } from '@shop/contracts';

/** Money that moved for a merchant: a capture adds to its balance, a refund takes away. */
export interface Movement {
  /**
   * The movement's identity, whatever event announced it: `capture:<paymentId>` or `refund:<refundId>`. During
   * a deprecation window the platform publishes the same capture as v1 and v2 with distinct event ids; this key
   * is what keeps the ledger from counting it twice.
   */
  key: string;
  eventId: string;
  kind: 'capture' | 'refund';
  merchantId: string;
  currency: string;
  /** Positive, in minor units, exact. */
  amountMinor: bigint;
  orderId: string;
  paymentId: string;
  refundId?: string;
  /** When the money moved (capturedAt / refundedAt). */
  at: string;
}

/** The event types and versions that move money; everything else on shop.payment (declines) does not. */
export const MONEY_EVENTS = new Set(['payments.payment-captured@1', 'payments.payment-captured@2', 'payments.payment-refunded@1']);

/** The movement an already validated envelope announces, if any. v1 captures are read through the v2 upcast. */
export function movementOf(envelope: EventEnvelope): Movement | undefined {
  switch (`${envelope.type}@${envelope.version}`) {
    case 'payments.payment-captured@1':
      return capture(envelope.eventId, upcastPaymentCapturedV1ToV2(envelope.payload as PaymentCapturedV1));
    case 'payments.payment-captured@2':
      return capture(envelope.eventId, envelope.payload as PaymentCapturedV2);
    case 'payments.payment-refunded@1': {
      const refund = envelope.payload as PaymentRefundedV1;
      return {
        key: `refund:${refund.refundId}`, eventId: envelope.eventId, kind: 'refund', merchantId: refund.merchantId, currency: refund.currency,
        amountMinor: BigInt(refund.amountCents), orderId: refund.orderId, paymentId: refund.paymentId, refundId: refund.refundId, at: refund.refundedAt,
      };
    }
    default:
      return undefined;
  }
}

function capture(eventId: string, payment: PaymentCapturedV2): Movement {
  return {
    key: `capture:${payment.paymentId}`, eventId, kind: 'capture', merchantId: payment.merchantId, currency: payment.amount.currency,
    amountMinor: BigInt(payment.amount.minorUnits), orderId: payment.orderId, paymentId: payment.paymentId, at: payment.capturedAt,
  };
}
