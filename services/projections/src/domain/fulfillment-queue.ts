import {
  EventEnvelope, OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderDeliveredV1Contract, OrderEventBase, OrderPlacedV1,
  OrderPlacedV1Contract, OrderShippedV1Contract,
} from '@shop/contracts';

/** The statuses an order waits in for fulfillment; any other status takes it out of the queue. */
export type OpenStatus = 'PENDING' | 'CONFIRMED';
const OPEN_STATUSES: readonly string[] = ['PENDING', 'CONFIRMED'];

export function isOpenStatus(status: string): status is OpenStatus {
  return OPEN_STATUSES.includes(status);
}

/** One open order in a merchant's queue. */
export interface QueueRow {
  orderId: string;
  merchantId: string;
  customerId: string;
  status: OpenStatus;
  placedAt: string;
  totalCents: bigint;
  currency: string;
  /** Sequence of the order event applied last. */
  lastSequence: number;
  /** When that event occurred. */
  updatedAt: string;
}

/** What one order event does to the queue. */
export type QueueChange =
  | { kind: 'open'; row: QueueRow }
  | { kind: 'status'; orderId: string; status: OpenStatus; sequence: number; at: string }
  | { kind: 'close'; orderId: string; sequence: number };

/** A status change that came before its order's OrderPlaced (a redriven dead letter): applied when it opens. */
export type EarlyStatus = Omit<Extract<QueueChange, { kind: 'status' }>, 'kind'>;

/**
 * One order's place in the queue: its row while open, and once it left, the sequence of the event that took it
 * out (kept so that an older event applied again cannot bring it back). Before the row opens, the newest status
 * change seen for it waits in `early`.
 */
export interface QueueSlot {
  row?: QueueRow;
  closedSequence?: number;
  early?: EarlyStatus;
}

/** The order events the queue reacts to; the saga steps in between change nothing here. */
export const QUEUE_CONTRACTS = [OrderPlacedV1Contract, OrderConfirmedV1Contract, OrderShippedV1Contract, OrderDeliveredV1Contract, OrderCancelledV1Contract];

/**
 * The queue change an order event asks for. OrderPlaced opens the row (it alone carries customer and total);
 * afterwards the recorded `toStatus` decides: still open -> new status, anything else -> the row leaves.
 */
export function queueChangeOf(event: EventEnvelope): QueueChange | undefined {
  if (event.type === OrderPlacedV1Contract.type) {
    const placed = event.payload as OrderPlacedV1;
    return {
      kind: 'open',
      row: {
        orderId: placed.orderId, merchantId: placed.merchantId, customerId: placed.customerId, status: 'PENDING', placedAt: placed.placedAt,
        totalCents: BigInt(placed.totalCents), currency: placed.currency, lastSequence: event.sequence, updatedAt: event.occurredAt,
      },
    };
  }
  const { orderId, toStatus } = event.payload as OrderEventBase;
  if (toStatus === null) return undefined;
  if (isOpenStatus(toStatus)) return { kind: 'status', orderId, status: toStatus, sequence: event.sequence, at: event.occurredAt };
  return { kind: 'close', orderId, sequence: event.sequence };
}

/**
 * The slot after a change. Opening never overwrites a row and never reopens a closed order, and takes the early
 * status if one is newer; a status change applies only when newer than the last event applied, and waits as the
 * early status while the row is not open yet (an OrderPlaced redriven from the dead letters after the order moved
 * on); closing removes the row and remembers the order as closed. So any event applied again, in any order after
 * the first time, changes nothing. The SQL store (PgFulfillmentQueueStore) implements exactly these rules as
 * statements.
 */
export function applyQueueChange(slot: QueueSlot, change: QueueChange): QueueSlot {
  switch (change.kind) {
    case 'open': {
      if (slot.closedSequence !== undefined || slot.row) return slot;
      const { early } = slot;
      if (!early || early.sequence <= change.row.lastSequence) return { row: change.row };
      return { row: { ...change.row, status: early.status, lastSequence: early.sequence, updatedAt: early.at } };
    }
    case 'status': {
      const { row } = slot;
      if (slot.closedSequence !== undefined) return slot;
      if (!row) {
        if (slot.early && slot.early.sequence >= change.sequence) return slot;
        return { early: { orderId: change.orderId, status: change.status, sequence: change.sequence, at: change.at } };
      }
      if (change.sequence <= row.lastSequence) return slot;
      return { row: { ...row, status: change.status, lastSequence: change.sequence, updatedAt: change.at } };
    }
    case 'close':
      return { closedSequence: Math.max(slot.closedSequence ?? 0, change.sequence) };
  }
}

/** A run of queue changes as three sets, each with at most one change per order. */
export interface QueueChangeSet {
  opens: QueueRow[];
  statuses: Extract<QueueChange, { kind: 'status' }>[];
  closes: Extract<QueueChange, { kind: 'close' }>[];
}

/**
 * Reduces a run of changes so a store can write it in three statements. Applied in the order opens, statuses,
 * closes, the sets leave every slot as applying the changes one by one would, provided each order's changes
 * come in sequence order (the log's per-aggregate order): the first open wins, the newest status wins, and the
 * newest close wins.
 */
export function compactQueueChanges(changes: readonly QueueChange[]): QueueChangeSet {
  const opens = new Map<string, QueueRow>();
  const statuses = new Map<string, Extract<QueueChange, { kind: 'status' }>>();
  const closes = new Map<string, Extract<QueueChange, { kind: 'close' }>>();
  for (const change of changes) {
    if (change.kind === 'open') {
      if (!opens.has(change.row.orderId)) opens.set(change.row.orderId, change.row);
    } else {
      const byOrder = change.kind === 'status' ? statuses : closes;
      const kept = byOrder.get(change.orderId);
      if (!kept || change.sequence > kept.sequence) byOrder.set(change.orderId, change as never);
    }
  }
  return { opens: [...opens.values()], statuses: [...statuses.values()], closes: [...closes.values()] };
}
