import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('queue cursor', () => {
  it.each([
    ['milliseconds', { placedAt: '2030-01-02T03:04:05.678Z', orderId: '42' }],
    ['microseconds survive', { placedAt: '2030-01-02T03:04:05.678901Z', orderId: '9007199254740993' }],
    ['whole seconds', { placedAt: '2030-01-02T03:04:05Z', orderId: '1' }],
  ])('round-trips %s', (_name, cursor) => {
    const text = encodeQueueCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeQueueCursor(text)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', '***'],
    ['no separator', encode('2030-01-02T03:04:05Z42')],
    ['id with a leading zero', encode('2030-01-02T03:04:05Z|042')],
    ['negative id', encode('2030-01-02T03:04:05Z|-1')],
    ['id beyond bigint', encode('2030-01-02T03:04:05Z|12345678901234567890')],
    ['local time, no Z', encode('2030-01-02T03:04:05|42')],
    ['impossible date', encode('2030-13-45T03:04:05Z|42')],
    ['SQL in the id', encode("2030-01-02T03:04:05Z|1' OR '1'='1")],
    ['nanoseconds', encode('2030-01-02T03:04:05.123456789Z|42')],
  ])('refuses %s', (_name, text) => {
    expect(decodeQueueCursor(text)).toBeUndefined();
  });
});
