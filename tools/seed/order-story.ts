import { Rng, hash32, hexFrom, uuidFrom } from './random';
import { Address, Customer, Merchant, Sku, World, pickMerchant } from './world';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
export type OrderPath = 'pending-declined' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled-out-of-stock' | 'cancelled-timeout' | 'cancelled-by-customer';

export interface StoryLine {
  id: number;
  sku: Sku;
  quantity: number;
  unitPriceCents: number;
}

export type OrderStepKind = 'placed' | 'inventory-reserved' | 'payment-requested' | 'payment-declined' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';

/** One row of orders.order_events, in the order's sequence. */
export interface OrderStep {
  kind: OrderStepKind;
  rowId: number;
  eventId: string;
  sequence: number;
  at: number;
  actor: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  reason: string | null;
  /** Payment attempt (1-based) of payment-requested, payment-declined and confirmed. */
  attempt?: number;
  refundRequired?: boolean;
  /** The event of another service that caused this one, if any. */
  causationId: string;
}

export interface RefundStory {
  id: number;
  key: string;
  providerRef: string;
  at: number;
  reason: string;
}

/** One row of payments.payments: an attempt, and its refund if it was refunded. */
export interface PaymentStory {
  id: number;
  attempt: number;
  key: string;
  token: string;
  status: 'FAILED' | 'CAPTURED' | 'REFUNDED';
  providerRef: string;
  /** The PaymentRequested event that asked for this attempt: the cause of the payment's own events. */
  requestEventId: string;
  createdAt: number;
  decidedAt: number;
  refund?: RefundStory;
}

/**
 * One row of payments.outbox (aggregate payment, id = order id). A capture is published twice, as v1 and v2,
 * during v1's deprecation window (docs/contracts/VERSIONING.md), as the payments service does.
 */
export interface PaymentEventStory {
  kind: 'captured' | 'captured-v2' | 'declined' | 'refunded';
  rowId: number;
  eventId: string;
  sequence: number;
  at: number;
  payment: PaymentStory;
}

/** One row of inventory.outbox (aggregate reservation, id = order id). */
export interface StockEventStory {
  kind: 'reserved' | 'rejected' | 'released' | 'committed';
  rowId: number;
  eventId: string;
  sequence: number;
  at: number;
  reason?: string;
}

export interface ReservationStory {
  /** One reservation row per line, same order as the lines. */
  ids: number[];
  status: 'ACTIVE' | 'COMMITTED' | 'RELEASED';
  createdAt: number;
  updatedAt: number;
  /** null = pinned ('infinity'): the order was paid, its stock no longer expires. */
  expiresAt: number | null;
}

/** Everything one order left behind in every schema, consistent with what the services would have written. */
export interface OrderStory {
  index: number;
  id: number;
  customer: Customer;
  address: Address;
  snapshotAddressId: number;
  merchant: Merchant;
  currency: string;
  lines: StoryLine[];
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
  totalUnits: number;
  path: OrderPath;
  status: OrderStatus;
  placedAt: number;
  reserveUntil: number;
  updatedAt: number;
  cancelledAt: number | null;
  sagaStep: 'AWAITING_RESERVATION' | 'AWAITING_PAYMENT' | 'PAYMENT_DECLINED' | 'DONE';
  paymentToken: string;
  correlationId: string;
  steps: OrderStep[];
  payments: PaymentStory[];
  paymentEvents: PaymentEventStory[];
  stockEvents: StockEventStory[];
  reservation: ReservationStory | null;
}

/** The next id of every table with per-order rows; each pass walks all orders in order, so ids agree. */
export class IdCursor {
  line: number;
  event: number;
  payment: number;
  refund: number;
  paymentOutbox: number;
  inventoryOutbox: number;
  reservation: number;

  constructor(world: World) {
    const { bases } = world;
    this.line = bases.line;
    this.event = bases.event;
    this.payment = bases.payment;
    this.refund = bases.refund;
    this.paymentOutbox = bases.paymentOutbox;
    // The first ids of the inventory outbox range go to the SkuChanged events of the catalog.
    this.inventoryOutbox = bases.inventoryOutbox + world.skus.length;
    this.reservation = bases.reservation;
  }
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The reservation TTL of the platform (RESERVATION_TTL_SECONDS default). */
export const RESERVATION_TTL_MS = 15 * MINUTE;
const YEAR = 365 * DAY;
/** The newest orders form a flash sale in the last 15 minutes (where PENDING ones come from). */
const BURST_SHARE = 0.01;
const BURST_SPAN = 15 * MINUTE;
/** How long at least a seeded PENDING order has before its deadline. */
const PENDING_HEADROOM = 5 * MINUTE;
/** Business grew over the year: three times the daily orders at the end as at the start. */
const GROWTH = 2;

/** When order `index` of `total` was placed: ascending with the index (ids follow time), busier towards now. */
export function placedAtOf(index: number, total: number, now: number): number {
  const u = (index + 0.5) / total;
  if (u >= 1 - BURST_SHARE) return now - 30 * SECOND - Math.floor(((1 - u) / BURST_SHARE) * (BURST_SPAN - 30 * SECOND));
  const share = u / (1 - BURST_SHARE);
  // Inverse of the CDF of a density growing linearly by GROWTH over the year.
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * share * (1 + GROWTH / 2))) / GROWTH;
  return Math.floor(now - BURST_SPAN - (1 - x) * (YEAR - BURST_SPAN));
}

/** What happens to an order depends on its age: recent ones are still open, old ones delivered or cancelled. */
function pathFor(rng: Rng, age: number): OrderPath {
  // A PENDING order's deadline is its placing plus the TTL: only orders young enough for it to be minutes away are
  // left PENDING, or the oldest of the burst would be past their deadline seconds after the seed.
  if (age <= BURST_SPAN - PENDING_HEADROOM) return (['pending-declined', 'confirmed', 'cancelled-out-of-stock'] as const)[rng.weighted([35, 60, 5])];
  if (age <= BURST_SPAN) return (['confirmed', 'cancelled-out-of-stock'] as const)[rng.weighted([95, 5])];
  if (age <= 3 * DAY) return (['confirmed', 'shipped', 'cancelled-by-customer', 'cancelled-out-of-stock'] as const)[rng.weighted([75, 20, 3, 2])];
  if (age <= 14 * DAY) return (['confirmed', 'shipped', 'delivered', 'cancelled-by-customer', 'cancelled-timeout'] as const)[rng.weighted([15, 35, 45, 3, 2])];
  return (['delivered', 'cancelled-by-customer', 'cancelled-timeout', 'cancelled-out-of-stock'] as const)[rng.weighted([94, 2.5, 2, 1.5])];
}

const LINE_COUNT_WEIGHTS = [15, 20, 30, 20, 15];
const CANCEL_REASONS = ['customer changed their mind', 'ordered the wrong size', 'found it cheaper elsewhere', 'delivery would take too long'];
const CARD_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_amex'];

/** Builds order `index` (0-based) of `total`; advances `ids` by the rows it uses. */
export function storyOf(world: World, total: number, index: number, ids: IdCursor): OrderStory {
  const { bases } = world;
  const rng = new Rng(hash32(world.seed, index, 0x0bde));
  const now = world.now;
  const id = bases.order + index;
  // Repeat customers: a minority of customers place most orders.
  const customer = world.customers[Math.floor(Math.pow(rng.next(), 1.6) * world.customers.length)];
  const address = world.addresses[customer.addressStart + rng.int(0, customer.addressCount - 1)];
  const merchant = pickMerchant(world, rng);
  const placedAt = Math.max(placedAtOf(index, total, now), customer.createdAt + HOUR);
  const path = pathFor(rng, now - placedAt);

  const lines: StoryLine[] = [];
  const lineCount = rng.weighted(LINE_COUNT_WEIGHTS) + 1;
  const first = rng.int(0, merchant.skuCount - 1);
  const stride = 1 + rng.int(0, Math.max(0, Math.floor(merchant.skuCount / lineCount) - 1));
  for (let l = 0; l < lineCount; l++) {
    const sku = world.skus[merchant.skuStart + ((first + l * stride) % merchant.skuCount)];
    const quantity = rng.chance(0.7) ? 1 : rng.chance(0.66) ? 2 : rng.int(3, 5);
    // Prices move: a tenth of older lines were bought at the price of back then, which the line keeps.
    const unitPriceCents = now - placedAt > 60 * DAY && rng.chance(0.1) ? Math.floor((sku.priceCents * 9 + 5) / 10) : sku.priceCents; // 90%, rounded, in whole minor units
    lines.push({ id: ids.line++, sku, quantity, unitPriceCents });
  }
  const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  // US sales tax on top; European prices include VAT. Free shipping from 50.00.
  const taxCents = merchant.currency === 'USD' ? Math.floor((subtotalCents * 825 + 5_000) / 10_000) : 0; // 8.25%, rounded
  const shippingCents = subtotalCents >= 5_000 ? 0 : 499;
  const totalCents = subtotalCents + taxCents + shippingCents;

  const story: OrderStory = {
    index, id, customer, address, snapshotAddressId: bases.address + world.addresses.length + index, merchant, currency: merchant.currency, lines,
    subtotalCents, taxCents, shippingCents, totalCents, totalUnits: lines.reduce((sum, line) => sum + line.quantity, 0), path, status: 'PENDING', placedAt,
    reserveUntil: placedAt + RESERVATION_TTL_MS, updatedAt: placedAt, cancelledAt: null, sagaStep: 'AWAITING_RESERVATION', paymentToken: rng.pick(CARD_TOKENS),
    correlationId: uuidFrom(world.seed, id, 0), steps: [], payments: [], paymentEvents: [], stockEvents: [], reservation: null,
  };
  new StoryTeller(story, world, rng, ids).tell();
  return story;
}

/** Walks one order through the checkout saga and fulfillment, recording each service's rows on the way. */
class StoryTeller {
  private status: OrderStatus | null = null;
  private stockSequence = 0;
  private paymentSequence = 0;

  constructor(private readonly story: OrderStory, private readonly world: World, private readonly rng: Rng, private readonly ids: IdCursor) {}

  tell(): void {
    const { story, rng } = this;
    const customerActor = `customer:${story.customer.id}`;
    const merchantActor = `merchant:${story.merchant.id}`;
    let at = story.placedAt;
    this.step('placed', at, customerActor, 'PENDING', null, story.correlationId);
    at += rng.int(40, 400);
    if (story.path === 'cancelled-out-of-stock') {
      const rejected = this.stock('rejected', at - 5, 'OUT_OF_STOCK');
      this.step('cancelled', at, 'system:saga', 'CANCELLED', 'out of stock (OUT_OF_STOCK)', rejected.eventId, { refundRequired: false });
      story.sagaStep = 'DONE';
      return;
    }
    const reserved = this.stock('reserved', at - 3);
    story.reservation = { ids: story.lines.map(() => this.ids.reservation++), status: 'ACTIVE', createdAt: at - 3, updatedAt: at - 3, expiresAt: story.reserveUntil };
    this.step('inventory-reserved', at, 'system:saga', null, null, reserved.eventId);
    let request = this.step('payment-requested', at, 'system:saga', null, null, reserved.eventId, { attempt: 1 });
    story.sagaStep = 'AWAITING_PAYMENT';
    const declinesFirst = story.path === 'pending-declined' || story.path === 'cancelled-timeout' || rng.chance(0.04);
    if (declinesFirst) {
      at += rng.int(200, 1_500);
      const payment = this.payment(1, 'tok_chargeDeclined', 'FAILED', request, at);
      const declined = this.paymentEvent('declined', at, payment);
      at += rng.int(10, 150);
      this.step('payment-declined', at, 'system:saga', null, null, declined.eventId, { attempt: 1, reason: 'card declined' });
      story.sagaStep = 'PAYMENT_DECLINED';
      story.paymentToken = 'tok_chargeDeclined';
      if (story.path === 'pending-declined') return;
      if (story.path === 'cancelled-timeout') {
        this.step('cancelled', story.reserveUntil + rng.int(1_000, 30_000), 'system:saga-timeout', 'CANCELLED', 'payment was not completed before the reservation expired', story.correlationId, { refundRequired: false });
        this.closeStock('released', 'payment was not completed before the reservation expired');
        story.sagaStep = 'DONE';
        return;
      }
      // The customer retries with another card within the reservation's lifetime; an order too young for that
      // is still waiting for the retry.
      at = Math.min(at + rng.int(30_000, 10 * 60_000), story.reserveUntil - 10_000);
      if (at + 5 * SECOND > this.world.now) {
        story.path = 'pending-declined';
        return;
      }
      story.paymentToken = rng.pick(CARD_TOKENS);
      request = this.step('payment-requested', at, customerActor, null, null, story.correlationId, { attempt: 2 });
      story.sagaStep = 'AWAITING_PAYMENT';
    }
    const attempt = request.attempt!;
    at += rng.int(200, 1_500);
    const payment = this.payment(attempt, story.paymentToken, 'CAPTURED', request, at);
    const captured = this.paymentEvent('captured', at, payment);
    this.paymentEvent('captured-v2', at, payment);
    at += rng.int(10, 200);
    this.step('confirmed', at, 'system:saga', 'CONFIRMED', null, captured.eventId, { attempt });
    story.sagaStep = 'DONE';
    story.reservation!.expiresAt = null;
    story.reservation!.updatedAt = at;
    if (story.path === 'confirmed') return;
    if (story.path === 'cancelled-by-customer') {
      at = Math.min(at + rng.int(10 * MINUTE, 2 * DAY), this.world.now - MINUTE);
      const reason = rng.pick(CANCEL_REASONS);
      this.step('cancelled', at, customerActor, 'CANCELLED', reason, story.correlationId, { refundRequired: true });
      this.closeStock('released', reason);
      const refundedAt = at + rng.int(300, 3_000);
      payment.status = 'REFUNDED';
      const refundId = this.ids.refund++;
      payment.refund = { id: refundId, key: `refund-${payment.key}`, providerRef: `re_${hexFrom(this.world.seed, refundId, 2)}`, at: refundedAt, reason: 'order cancelled' };
      this.paymentEvent('refunded', refundedAt, payment);
      return;
    }
    // Open a while in the merchant's queue, then shipped, then delivered; never later than now.
    const ageLeft = this.world.now - at;
    at += Math.min(rng.int(2 * HOUR, 3 * DAY), Math.floor(ageLeft * 0.5));
    this.step('shipped', at, merchantActor, 'SHIPPED', null, story.correlationId);
    this.closeStock('committed');
    if (story.path === 'shipped') return;
    at += Math.min(rng.int(DAY, 6 * DAY), Math.floor((this.world.now - at) * 0.9));
    this.step('delivered', at, merchantActor, 'DELIVERED', null, story.correlationId);
  }

  private step(kind: OrderStepKind, at: number, actor: string, toStatus: OrderStatus | null, reason: string | null, causationId: string, extra: Partial<OrderStep> = {}): OrderStep {
    const { story } = this;
    const sequence = story.steps.length + 1;
    const step: OrderStep = {
      kind, rowId: this.ids.event++, eventId: uuidFrom(this.world.seed, story.id, sequence), sequence, at, actor, fromStatus: toStatus === null ? null : this.status,
      toStatus, reason, causationId, ...extra,
    };
    story.steps.push(step);
    story.updatedAt = at;
    if (toStatus !== null) {
      this.status = toStatus;
      story.status = toStatus;
      if (toStatus === 'CANCELLED') story.cancelledAt = at;
    }
    return step;
  }

  private payment(attempt: number, token: string, status: 'FAILED' | 'CAPTURED', request: OrderStep, decidedAt: number): PaymentStory {
    const id = this.ids.payment++;
    const payment: PaymentStory = {
      id, attempt, key: `order-${this.story.id}-attempt-${attempt}`, token, status, providerRef: `ch_${hexFrom(this.world.seed, id, 1)}`, requestEventId: request.eventId,
      createdAt: request.at + 5, decidedAt,
    };
    this.story.payments.push(payment);
    return payment;
  }

  private paymentEvent(kind: PaymentEventStory['kind'], at: number, payment: PaymentStory): PaymentEventStory {
    const sequence = ++this.paymentSequence;
    const event: PaymentEventStory = { kind, rowId: this.ids.paymentOutbox++, eventId: uuidFrom(this.world.seed, this.story.id, 1_000 + sequence), sequence, at, payment };
    this.story.paymentEvents.push(event);
    return event;
  }

  private stock(kind: StockEventStory['kind'], at: number, reason?: string): StockEventStory {
    const sequence = ++this.stockSequence;
    const event: StockEventStory = { kind, rowId: this.ids.inventoryOutbox++, eventId: uuidFrom(this.world.seed, this.story.id, 2_000 + sequence), sequence, at, ...(reason ? { reason } : {}) };
    this.story.stockEvents.push(event);
    return event;
  }

  private closeStock(kind: 'released' | 'committed', reason?: string): void {
    const reservation = this.story.reservation!;
    const at = this.story.updatedAt + 20;
    reservation.status = kind === 'released' ? 'RELEASED' : 'COMMITTED';
    reservation.updatedAt = at;
    this.stock(kind, at, reason);
  }
}
