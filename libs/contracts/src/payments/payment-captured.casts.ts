import type { PaymentCapturedV1 } from './payment-captured.v1';
import type { PaymentCapturedV2 } from './payment-captured.v2';

/** Every v1 capture was a card payment: card tokens were the only method the platform took before v2. */
export const V1_PAYMENT_METHOD = 'card';

const MAX_V1_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

export type DowncastResult = { ok: true; value: PaymentCapturedV1 } | { ok: false; error: string };

/**
 * The v1 view of a v2 capture, for dual publishing during v1's deprecation window. Fails (a value, not a throw)
 * when the amount does not fit v1's JSON-number `amountCents` exactly, i.e. above 2^53 - 1; `method` has no v1
 * field and is dropped.
 */
export function downcastPaymentCapturedV2ToV1(v2: PaymentCapturedV2): DowncastResult {
  const minorUnits = BigInt(v2.amount.minorUnits);
  if (minorUnits > MAX_V1_CENTS) {
    return { ok: false, error: `amount ${v2.amount.minorUnits} ${v2.amount.currency} of payment ${v2.paymentId} exceeds v1's amountCents range (2^53 - 1)` };
  }
  return {
    ok: true,
    value: {
      orderId: v2.orderId,
      paymentId: v2.paymentId,
      merchantId: v2.merchantId,
      attempt: v2.attempt,
      amountCents: Number(minorUnits),
      currency: v2.amount.currency,
      provider: v2.provider,
      providerRef: v2.providerRef,
      capturedAt: v2.capturedAt,
    },
  };
}

/** The v2 view of a v1 capture (always possible): lets a v2 consumer read the v1 history on the log. */
export function upcastPaymentCapturedV1ToV2(v1: PaymentCapturedV1): PaymentCapturedV2 {
  if (!Number.isSafeInteger(v1.amountCents)) throw new RangeError(`amountCents ${v1.amountCents} is not an exact integer`);
  return {
    orderId: v1.orderId,
    paymentId: v1.paymentId,
    merchantId: v1.merchantId,
    attempt: v1.attempt,
    amount: { minorUnits: BigInt(v1.amountCents).toString(), currency: v1.currency },
    method: V1_PAYMENT_METHOD,
    provider: v1.provider,
    providerRef: v1.providerRef,
    capturedAt: v1.capturedAt,
  };
}
