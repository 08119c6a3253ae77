import { encodePageCursor } from '@shop/contracts';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor';

// What a cursor may hold is libs/contracts/src/page-cursor.spec.ts's table; here, only the queue's names for it.
describe('queue cursor', () => {
  it.each([
    ['microseconds kept', { placedAt: '2030-01-02T03:04:05.678901Z', orderId: '9007199254740993' }],
    ['a whole second', { placedAt: '2030-01-02T03:04:05Z', orderId: '1' }],
  ])('is a page cursor of (placedAt, orderId): %s', (_what, cursor) => {
    expect(encodeQueueCursor(cursor)).toBe(encodePageCursor({ at: cursor.placedAt, id: cursor.orderId }));
    expect(decodeQueueCursor(encodeQueueCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['a day that does not exist', Buffer.from('2026-02-30T00:00:00Z|5').toString('base64url')],
    ['no id', Buffer.from('2026-02-01T00:00:00Z|').toString('base64url')],
    ['not base64url', '***'],
  ])('refuses %s', (_what, text) => {
    expect(decodeQueueCursor(text)).toBeUndefined();
  });
});
