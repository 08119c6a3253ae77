import { Result, fail, ok } from './result';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The order lifecycle. DELIVERED and CANCELLED are terminal. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
  return NEXT[status].length === 0;
}

export type TransitionRefusal =
  | { kind: 'stale'; expected: OrderStatus; actual: OrderStatus }
  | { kind: 'illegal'; from: OrderStatus; to: OrderStatus }
  | { kind: 'payment-only' };

/**
 * A transition asked for through the API (pattern 6). PENDING -> CONFIRMED only happens through a captured
 * payment; `expectedFrom` makes the request an optimistic compare-and-set on the status.
 */
export function checkRequestedTransition(current: OrderStatus, to: OrderStatus, expectedFrom?: OrderStatus): Result<OrderStatus, TransitionRefusal> {
  if (expectedFrom !== undefined && expectedFrom !== current) return fail({ kind: 'stale', expected: expectedFrom, actual: current });
  if (current === 'PENDING' && to === 'CONFIRMED') return fail({ kind: 'payment-only' });
  if (!canTransition(current, to)) return fail({ kind: 'illegal', from: current, to });
  return ok(to);
}

export function describeRefusal(refusal: TransitionRefusal): string {
  switch (refusal.kind) {
    case 'stale':
      return `the order is ${refusal.actual}, not ${refusal.expected}; reload it and try again`;
    case 'illegal':
      return `an order cannot go from ${refusal.from} to ${refusal.to}`;
    case 'payment-only':
      return 'an order becomes CONFIRMED only when its payment is captured';
  }
}
