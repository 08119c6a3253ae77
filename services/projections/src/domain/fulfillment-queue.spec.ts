import type { EventEnvelope } from '@shop/contracts';
import { QueueChange, QueueRow, QueueSlot, applyQueueChange, compactQueueChanges, queueChangeOf } from './fulfillment-queue';

const row = (overrides: Partial<QueueRow> = {}): QueueRow => ({
  orderId: '7', merchantId: '3', customerId: '11', status: 'PENDING', placedAt: '2030-01-01T00:00:00.000Z', totalCents: 2599n, currency: 'USD',
  lastSequence: 1, updatedAt: '2030-01-01T00:00:00.000Z', ...overrides,
});

function event(type: string, sequence: number, payload: Record<string, unknown>): EventEnvelope {
  return {
    eventId: '00000000-0000-4000-8000-000000000001', type, version: 1, aggregateType: 'order', aggregateId: '7', sequence,
    occurredAt: '2030-01-01T00:05:00.000Z', correlationId: 'c', causationId: 'c',
    payload: { orderId: '7', merchantId: '3', actor: 'system:saga', fromStatus: null, toStatus: null, reason: null, ...payload },
  };
}

describe('queueChangeOf', () => {
  it('opens a PENDING row from OrderPlaced, money as bigint', () => {
    const placed = event('orders.order-placed', 1, {
      toStatus: 'PENDING', customerId: '11', currency: 'USD', subtotalCents: 2400, taxCents: 199, shippingCents: 0, totalCents: 2599, lines: [],
      placedAt: '2030-01-01T00:00:00.000Z', reserveUntil: '2030-01-01T00:15:00.000Z',
    });
    expect(queueChangeOf(placed)).toEqual({ kind: 'open', row: row({ updatedAt: '2030-01-01T00:05:00.000Z' }) });
  });

  it.each([
    ['confirmed stays open', 'orders.order-confirmed', 'PENDING', 'CONFIRMED', { kind: 'status', orderId: '7', status: 'CONFIRMED', sequence: 4, at: '2030-01-01T00:05:00.000Z' }],
    ['shipped leaves', 'orders.order-shipped', 'CONFIRMED', 'SHIPPED', { kind: 'close', orderId: '7', sequence: 4 }],
    ['delivered leaves', 'orders.order-delivered', 'SHIPPED', 'DELIVERED', { kind: 'close', orderId: '7', sequence: 4 }],
    ['cancelled leaves', 'orders.order-cancelled', 'PENDING', 'CANCELLED', { kind: 'close', orderId: '7', sequence: 4 }],
    ['a saga step changes nothing', 'orders.payment-requested', null, null, undefined],
  ])('%s', (_name, type, fromStatus, toStatus, expected) => {
    expect(queueChangeOf(event(type, 4, { fromStatus, toStatus }))).toEqual(expected);
  });
});

describe('applyQueueChange', () => {
  const confirm = (sequence: number): QueueChange => ({ kind: 'status', orderId: '7', status: 'CONFIRMED', sequence, at: '2030-01-02T00:00:00.000Z' });
  const close = (sequence: number): QueueChange => ({ kind: 'close', orderId: '7', sequence });
  it.each<[string, QueueSlot, QueueChange, QueueSlot]>([
    ['open on an empty slot', {}, { kind: 'open', row: row() }, { row: row() }],
    ['a second OrderPlaced never overwrites', { row: row({ status: 'CONFIRMED', lastSequence: 4 }) }, { kind: 'open', row: row() }, { row: row({ status: 'CONFIRMED', lastSequence: 4 }) }],
    ['a newer status applies', { row: row() }, confirm(4), { row: row({ status: 'CONFIRMED', lastSequence: 4, updatedAt: '2030-01-02T00:00:00.000Z' }) }],
    ['the same event again is a no-op', { row: row({ status: 'CONFIRMED', lastSequence: 4 }) }, confirm(4), { row: row({ status: 'CONFIRMED', lastSequence: 4 }) }],
    ['an older event is a no-op', { row: row({ lastSequence: 6 }) }, confirm(4), { row: row({ lastSequence: 6 }) }],
    ['a status before the OrderPlaced waits as the early status', {}, confirm(4), { early: { orderId: '7', status: 'CONFIRMED', sequence: 4, at: '2030-01-02T00:00:00.000Z' } }],
    ['an older early status keeps the newer one', { early: { orderId: '7', status: 'CONFIRMED', sequence: 4, at: 'x' } }, { kind: 'status', orderId: '7', status: 'PENDING', sequence: 3, at: 'y' }, { early: { orderId: '7', status: 'CONFIRMED', sequence: 4, at: 'x' } }],
    ['the OrderPlaced opens with the newer early status (a redriven dead letter)', { early: { orderId: '7', status: 'CONFIRMED', sequence: 4, at: '2030-01-02T00:00:00.000Z' } }, { kind: 'open', row: row() }, { row: row({ status: 'CONFIRMED', lastSequence: 4, updatedAt: '2030-01-02T00:00:00.000Z' }) }],
    ['close drops the early status', { early: { orderId: '7', status: 'CONFIRMED', sequence: 4, at: 'x' } }, close(5), { closedSequence: 5 }],
    ['close removes the row and remembers', { row: row() }, close(5), { closedSequence: 5 }],
    ['close of nothing still remembers', {}, close(5), { closedSequence: 5 }],
    ['OrderPlaced again after the close does not reopen', { closedSequence: 5 }, { kind: 'open', row: row() }, { closedSequence: 5 }],
    ['a status after the close does not reopen', { closedSequence: 5 }, confirm(4), { closedSequence: 5 }],
    ['an older close keeps the later one', { closedSequence: 6 }, close(5), { closedSequence: 6 }],
  ])('%s', (_name, slot, change, expected) => {
    expect(applyQueueChange(slot, change)).toEqual(expected);
  });

  it('reaches the same slot whatever order a redelivered prefix comes back in', () => {
    const events: QueueChange[] = [{ kind: 'open', row: row() }, confirm(4), close(5)];
    const replay = (changes: QueueChange[]) => changes.reduce<QueueSlot>((slot, change) => applyQueueChange(slot, change), {});
    const once = replay(events);
    expect(replay([...events, events[0]])).toEqual(once);
    expect(replay([...events, events[0], events[1]])).toEqual(once);
    expect(replay([events[0], events[0], ...events])).toEqual(once);
  });
});

describe('compactQueueChanges', () => {
  const open = (orderId: string, sequence = 1): QueueChange => ({ kind: 'open', row: row({ orderId, lastSequence: sequence }) });
  const status = (orderId: string, sequence: number): QueueChange => ({ kind: 'status', orderId, status: 'CONFIRMED', sequence, at: `2030-01-02T00:00:0${sequence}.000Z` });
  const close = (orderId: string, sequence: number): QueueChange => ({ kind: 'close', orderId, sequence });
  const one = (slots: Map<string, QueueSlot>, change: QueueChange) => {
    const orderId = change.kind === 'open' ? change.row.orderId : change.orderId;
    slots.set(orderId, applyQueueChange(slots.get(orderId) ?? {}, change));
  };
  const startingFrom = (start: Record<string, QueueSlot>) => new Map(Object.entries(start));

  // Each case: slots before the run, and a run in each order's sequence order (orders interleaved).
  it.each<[string, Record<string, QueueSlot>, QueueChange[]]>([
    ['a whole life in one run', {}, [open('7'), status('7', 3), close('7', 5)]],
    ['opened and confirmed, two orders interleaved', {}, [open('7'), open('8'), status('8', 3), status('7', 3), status('7', 4)]],
    ['a status on a row opened earlier', { 7: { row: row() } }, [status('7', 3), status('7', 4)]],
    ['an older status on a newer row', { 7: { row: row({ lastSequence: 6 }) } }, [status('7', 4)]],
    ['OrderPlaced redelivered after the close', { 7: { closedSequence: 5 } }, [open('7'), status('7', 3)]],
    ['OrderPlaced redriven after a status', { 7: { early: { orderId: '7', status: 'CONFIRMED', sequence: 3, at: 'x' } } }, [open('7')]],
    ['OrderPlaced redriven after a status, with a newer status in the run', { 7: { early: { orderId: '7', status: 'CONFIRMED', sequence: 3, at: 'x' } } }, [open('7'), status('7', 4)]],
    ['a status before any OrderPlaced, then the open in a later run', {}, [status('7', 3)]],
    ['two closes, the newer kept', { 7: { row: row() } }, [close('7', 5), close('7', 6)]],
    ['a close of an unknown order', {}, [close('9', 4), open('8'), close('8', 2)]],
    ['a second OrderPlaced never overwrites', { 7: { row: row({ status: 'CONFIRMED', lastSequence: 4 }) } }, [open('7'), status('7', 5)]],
  ])('%s: same slots as applying one by one', (_name, start, changes) => {
    const oneByOne = startingFrom(start);
    for (const change of changes) one(oneByOne, change);
    const compacted = startingFrom(start);
    const { opens, statuses, closes } = compactQueueChanges(changes);
    for (const change of [...opens.map((opened): QueueChange => ({ kind: 'open', row: opened })), ...statuses, ...closes]) one(compacted, change);
    expect(compacted).toEqual(oneByOne);
  });

  it('keeps at most one change of each kind per order', () => {
    const { opens, statuses, closes } = compactQueueChanges([open('7'), open('7'), status('7', 3), status('7', 4), close('7', 5), close('7', 6)]);
    expect([opens.length, statuses.length, closes.length]).toEqual([1, 1, 1]);
    expect([statuses[0].sequence, closes[0].sequence]).toEqual([4, 6]);
  });
});
