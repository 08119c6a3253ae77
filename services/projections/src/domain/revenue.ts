import {
  EventEnvelope, PaymentCapturedV1, PaymentCapturedV1Contract, PaymentCapturedV2, PaymentCapturedV2Contract, PaymentRefundedV1,
  PaymentRefundedV1Contract,
} from '@shop/contracts';

/**
 * One money movement as finance counts it: a capture adds its amount and one order to the UTC day of the
 * capture; a refund (always in full, per its contract) takes both away again from that same capture day.
 */
export interface RevenueMovement {
  kind: 'capture' | 'refund';
  /** The payment id of a capture, the refund id of a refund: each movement counts once. */
  movementId: string;
  paymentId: string;
  merchantId: string;
  /** UTC day of the capture, YYYY-MM-DD. */
  day: string;
  currency: string;
  orderDelta: 1 | -1;
  /** Signed minor units. */
  revenueCents: bigint;
}

/** Revenue of one merchant on one UTC day in one currency. */
export interface DailyRevenue {
  merchantId: string;
  day: string;
  currency: string;
  orderCount: number;
  revenueCents: bigint;
}

/** The payment events revenue is made of: both versions of a capture (dual-published, counted once) and refunds. */
export const REVENUE_CONTRACTS = [PaymentCapturedV1Contract, PaymentCapturedV2Contract, PaymentRefundedV1Contract];

/** The UTC calendar day of an ISO timestamp (any offset), YYYY-MM-DD. */
export function utcDay(timestamp: string): string {
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis)) throw new RangeError(`not a timestamp: ${timestamp}`);
  return new Date(millis).toISOString().slice(0, 10);
}

/** The movement an event records; undefined for events that move no money. */
export function movementOf(event: EventEnvelope): RevenueMovement | undefined {
  if (event.type === PaymentCapturedV1Contract.type && event.version === 1) {
    const captured = event.payload as PaymentCapturedV1;
    return capture(captured, BigInt(captured.amountCents), captured.currency);
  }
  if (event.type === PaymentCapturedV2Contract.type && event.version === 2) {
    const captured = event.payload as PaymentCapturedV2;
    return capture(captured, BigInt(captured.amount.minorUnits), captured.amount.currency);
  }
  if (event.type === PaymentRefundedV1Contract.type && event.version === 1) {
    const refund = event.payload as PaymentRefundedV1;
    return {
      kind: 'refund', movementId: refund.refundId, paymentId: refund.paymentId, merchantId: refund.merchantId, day: utcDay(refund.capturedAt),
      currency: refund.currency, orderDelta: -1, revenueCents: -BigInt(refund.amountCents),
    };
  }
  return undefined;
}

function capture(payload: { paymentId: string; merchantId: string; capturedAt: string }, cents: bigint, currency: string): RevenueMovement {
  return { kind: 'capture', movementId: payload.paymentId, paymentId: payload.paymentId, merchantId: payload.merchantId, day: utcDay(payload.capturedAt), currency, orderDelta: 1, revenueCents: cents };
}

/** Identity of a movement: the same movement announced twice must count once. */
export function movementKey(movement: Pick<RevenueMovement, 'kind' | 'movementId'>): string {
  return `${movement.kind}:${movement.movementId}`;
}

/** Identity of a daily row: merchant, UTC day, currency. */
export function dailyKey(row: Pick<DailyRevenue, 'merchantId' | 'day' | 'currency'>): string {
  return `${row.merchantId}|${row.day}|${row.currency}`;
}

/** The daily row with one more movement added; exact integer arithmetic, order of movements irrelevant. */
export function addMovement(daily: DailyRevenue | undefined, movement: RevenueMovement): DailyRevenue {
  const base = daily ?? { merchantId: movement.merchantId, day: movement.day, currency: movement.currency, orderCount: 0, revenueCents: 0n };
  return { ...base, orderCount: base.orderCount + movement.orderDelta, revenueCents: base.revenueCents + movement.revenueCents };
}
