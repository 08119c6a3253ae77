import type { EventEnvelope } from '@shop/contracts';
import { timelineRecordOf } from './timeline';

const event = (type: string, sequence: number, payload: Record<string, unknown>): EventEnvelope => ({
  eventId: '00000000-0000-4000-8000-000000000003', type, version: 1, aggregateType: 'order', aggregateId: '7', sequence,
  occurredAt: `2030-01-01T00:00:0${sequence}.000Z`, correlationId: 'c', causationId: 'c',
  payload: { orderId: '7', merchantId: '3', ...payload },
});

describe('timelineRecordOf', () => {
  it.each([
    [
      'a saga step keeps its recorded statuses (null, null) instead of inventing them',
      event('orders.payment-declined', 4, { actor: 'system:saga', fromStatus: null, toStatus: null, reason: 'card declined', attempt: 1 }),
      { orderId: '7', sequence: 4, type: 'orders.payment-declined', fromStatus: null, toStatus: null, at: '2030-01-01T00:00:04.000Z', actor: 'system:saga', reason: 'card declined' },
    ],
    [
      'a status change keeps both statuses and who made it',
      event('orders.order-shipped', 5, { actor: 'fulfillment:w1@merchant:3', fromStatus: 'CONFIRMED', toStatus: 'SHIPPED', reason: null }),
      { orderId: '7', sequence: 5, type: 'orders.order-shipped', fromStatus: 'CONFIRMED', toStatus: 'SHIPPED', at: '2030-01-01T00:00:05.000Z', actor: 'fulfillment:w1@merchant:3', reason: null },
    ],
  ])('%s', (_what, input, record) => {
    expect(timelineRecordOf(input)).toEqual(record);
  });
});
