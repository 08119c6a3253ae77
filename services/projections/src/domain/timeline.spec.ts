import type { EventEnvelope } from '@shop/contracts';
import { timelineRecordOf } from './timeline';

describe('timelineRecordOf', () => {
  it('keeps the recorded statuses of a saga step (null, null) instead of inventing them', () => {
    const event: EventEnvelope = {
      eventId: '00000000-0000-4000-8000-000000000003', type: 'orders.payment-declined', version: 1, aggregateType: 'order', aggregateId: '7', sequence: 4,
      occurredAt: '2030-01-01T00:00:04.000Z', correlationId: 'c', causationId: 'c',
      payload: { orderId: '7', merchantId: '3', actor: 'system:saga', fromStatus: null, toStatus: null, reason: 'card declined', attempt: 1 },
    };
    expect(timelineRecordOf(event)).toEqual({ orderId: '7', sequence: 4, type: 'orders.payment-declined', fromStatus: null, toStatus: null, at: '2030-01-01T00:00:04.000Z', actor: 'system:saga', reason: 'card declined' });
  });
});
