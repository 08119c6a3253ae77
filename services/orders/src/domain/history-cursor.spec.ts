import { decodeCursor, encodeCursor } from './history-cursor';

describe('history cursor', () => {
  it('round-trips', () => {
    const cursor = { placedAt: '2030-01-02T03:04:05.678Z', id: '9007199254740993' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['empty', ''],
    ['SQL in the id', Buffer.from("2030-01-02T03:04:05.678Z|1 OR 1=1").toString('base64url')],
    ['bad date', Buffer.from('2030-13-45T99:99:99Z|1').toString('base64url')],
    ['id zero', Buffer.from('2030-01-02T03:04:05.678Z|0').toString('base64url')],
  ])('refuses %s', (_name, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
