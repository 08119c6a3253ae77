import { decodePageCursor, encodePageCursor } from './page-cursor';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursor', () => {
  it.each([
    ['milliseconds', { at: '2030-01-02T03:04:05.678Z', id: '42' }],
    ['microseconds survive', { at: '2030-01-02T03:04:05.678901Z', id: '9007199254740993' }],
    ['whole seconds', { at: '2030-01-02T03:04:05Z', id: '1' }],
    ['the largest bigint', { at: '2030-01-02T03:04:05Z', id: '9223372036854775807' }],
    ['a leap day', { at: '2028-02-29T23:59:59Z', id: '7' }],
    ['year 1', { at: '0001-01-01T00:00:00Z', id: '7' }],
  ])('round-trips %s', (_name, cursor) => {
    const text = encodePageCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(text)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', '***'],
    ['garbage', 'not-a-cursor'],
    ['no separator', encode('2030-01-02T03:04:05Z42')],
    ['id zero', encode('2030-01-02T03:04:05Z|0')],
    ['id with a leading zero', encode('2030-01-02T03:04:05Z|042')],
    ['negative id', encode('2030-01-02T03:04:05Z|-1')],
    ['id one past bigint', encode('2030-01-02T03:04:05Z|9223372036854775808')],
    ['19 nines', encode('2030-01-02T03:04:05Z|9999999999999999999')],
    ['20 digits', encode('2030-01-02T03:04:05Z|12345678901234567890')],
    ['local time, no Z', encode('2030-01-02T03:04:05|42')],
    ['impossible month and day', encode('2030-13-45T03:04:05Z|42')],
    ['30 February', encode('2026-02-30T00:00:00Z|5')],
    ['29 February of a common year', encode('2027-02-29T00:00:00Z|5')],
    ['hour 24', encode('2026-01-01T24:00:00Z|5')],
    ['year 0', encode('0000-01-01T00:00:00Z|5')],
    ['SQL in the id', encode("2030-01-02T03:04:05Z|1' OR '1'='1")],
    ['nanoseconds', encode('2030-01-02T03:04:05.123456789Z|42')],
  ])('refuses %s', (_name, text) => {
    expect(decodePageCursor(text)).toBeUndefined();
  });
});
