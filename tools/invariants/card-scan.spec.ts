import { holdsCardNumber } from './card-scan';

describe('card-like number detection', () => {
  it.each([
    ['order 4242 4242 4242 4242 shipped', 1],
    ['card 4242-4242-4242-4242', 1],
    ['{"note":"4242424242424242"}', 1],
    ['uuid 550e8400-e29b-41d4-a716-446655440000', 0],
    ['amount 4242424242424241', 0],
    ['ids 12 34 56', 0],
    ['20-digit 42424242424242424242', 0],
    ['traceparent 00-4242424242424242abcdefabcdefabcd-4242424242424242-01', 0],
    ['digits touching letters x4242424242424242', 1],
    ['underscores 4242_4242_4242_4242', 1],
    ['{"note": "4242\\t4242\\t4242\\t4242"} (tabs as JSON text escapes them)', 1],
    ['an event id and its trace, 00-0af7651916cd43dd8448eb211c80319c-5197301297554507-01', 0],
  ])('%s -> %i hit(s)', (text, hits) => {
    expect(holdsCardNumber(text)).toBe(hits === 1);
  });
});
