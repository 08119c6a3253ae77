import { encodePageCursor } from '@shop/contracts';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor';

// What a cursor may hold is libs/contracts/src/page-cursor.spec.ts's table; here, only the queue's names for it.
describe('queue cursor', () => {
  it('is a page cursor of (placedAt, orderId), microseconds kept', () => {
    const cursor = { placedAt: '2030-01-02T03:04:05.678901Z', orderId: '9007199254740993' };
    expect(encodeQueueCursor(cursor)).toBe(encodePageCursor({ at: cursor.placedAt, id: cursor.orderId }));
    expect(decodeQueueCursor(encodeQueueCursor(cursor))).toEqual(cursor);
  });

  it('refuses what is not a cursor', () => {
    expect(decodeQueueCursor(Buffer.from('2026-02-30T00:00:00Z|5').toString('base64url'))).toBeUndefined();
  });
});
