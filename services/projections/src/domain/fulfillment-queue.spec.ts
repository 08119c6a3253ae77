import type { EventEnvelope } from '@shop/contracts';
import { QueueChange, QueueRow, applyQueueChange, queueChangeOf } from './fulfillment-queue';

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
    ['shipped leaves', 'orders.order-shipped', 'CONFIRMED', 'SHIPPED', { kind: 'close', orderId: '7' }],
    ['delivered leaves', 'orders.order-delivered', 'SHIPPED', 'DELIVERED', { kind: 'close', orderId: '7' }],
    ['cancelled leaves', 'orders.order-cancelled', 'PENDING', 'CANCELLED', { kind: 'close', orderId: '7' }],
    ['a saga step changes nothing', 'orders.payment-requested', null, null, undefined],
  ])('%s', (_name, type, fromStatus, toStatus, expected) => {
    expect(queueChangeOf(event(type, 4, { fromStatus, toStatus }))).toEqual(expected);
  });
});

describe('applyQueueChange', () => {
  const confirm = (sequence: number): QueueChange => ({ kind: 'status', orderId: '7', status: 'CONFIRMED', sequence, at: '2030-01-02T00:00:00.000Z' });
  it.each<[string, QueueRow | undefined, QueueChange, QueueRow | undefined]>([
    ['open on an empty slot', undefined, { kind: 'open', row: row() }, row()],
    ['a second OrderPlaced never overwrites', row({ status: 'CONFIRMED', lastSequence: 4 }), { kind: 'open', row: row() }, row({ status: 'CONFIRMED', lastSequence: 4 })],
    ['a newer status applies', row(), confirm(4), row({ status: 'CONFIRMED', lastSequence: 4, updatedAt: '2030-01-02T00:00:00.000Z' })],
    ['the same event again is a no-op', row({ status: 'CONFIRMED', lastSequence: 4 }), confirm(4), row({ status: 'CONFIRMED', lastSequence: 4 })],
    ['an older event is a no-op', row({ status: 'PENDING', lastSequence: 6 }), confirm(4), row({ status: 'PENDING', lastSequence: 6 })],
    ['a status for an unknown order stays unknown', undefined, confirm(4), undefined],
    ['close removes', row(), { kind: 'close', orderId: '7' }, undefined],
    ['close of nothing is nothing', undefined, { kind: 'close', orderId: '7' }, undefined],
  ])('%s', (_name, current, change, expected) => {
    expect(applyQueueChange(current, change)).toEqual(expected);
  });
});
