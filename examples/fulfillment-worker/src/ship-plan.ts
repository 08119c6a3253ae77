/** The fields of an order event the plan reads; every order event carries them (orders' OrderEventBase). */
export interface OrderEventView {
  eventId: string;
  orderId: string;
  merchantId: string;
  toStatus: string | null;
}

export interface Shipment {
  orderId: string;
  /** The event that made the order CONFIRMED: remembered once the order is shipped. */
  eventId: string;
}

export type SkipReason = 'already handled' | 'another merchant' | 'shipped or cancelled later in the batch' | 'confirmed again later in the batch';

/** What to do with one batch: ship these orders, and remember these event ids as handled without a call. */
export interface ShipPlan {
  ship: Shipment[];
  settled: { eventId: string; reason: SkipReason }[];
}

/** Statuses after which there is nothing left to ship. */
const SETTLED = new Set(['SHIPPED', 'DELIVERED', 'CANCELLED']);

/**
 * Which orders of a batch (one partition's events, in log order) this merchant's worker ships: those that
 * became CONFIRMED and did not move on to SHIPPED, DELIVERED or CANCELLED later in the same batch. Looking
 * ahead within the batch is what keeps a replay of old history from calling the API for every order ever
 * confirmed; an order that moves on after the batch is caught by the API's 409 instead.
 */
export function planShipments(events: readonly OrderEventView[], merchantId: string, handled: (eventId: string) => boolean): ShipPlan {
  const pending = new Map<string, Shipment>();
  const settled: ShipPlan['settled'] = [];
  for (const event of events) {
    if (event.toStatus === 'CONFIRMED') {
      if (handled(event.eventId)) settled.push({ eventId: event.eventId, reason: 'already handled' });
      else if (event.merchantId !== merchantId) settled.push({ eventId: event.eventId, reason: 'another merchant' });
      else {
        // One shipment per order, at the position of its latest confirmation (e.g. one per published version).
        const earlier = pending.get(event.orderId);
        if (earlier) settled.push({ eventId: earlier.eventId, reason: 'confirmed again later in the batch' });
        pending.delete(event.orderId);
        pending.set(event.orderId, { orderId: event.orderId, eventId: event.eventId });
      }
    } else if (event.toStatus !== null && SETTLED.has(event.toStatus)) {
      const shipment = pending.get(event.orderId);
      if (shipment) {
        pending.delete(event.orderId);
        settled.push({ eventId: shipment.eventId, reason: 'shipped or cancelled later in the batch' });
      }
    }
  }
  return { ship: [...pending.values()], settled };
}
