import { cardLikeNumbers, luhnValid } from './card-scan';

describe('card-like number detection', () => {
  it.each([
    ['4242424242424242', true],
    ['4242424242424241', false],
    ['378282246310005', true],
    ['6011111111111117', true],
    ['123456789012', false],
  ])('luhn(%s) = %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });

  it.each([
    ['order 4242 4242 4242 4242 shipped', 1],
    ['card 4242-4242-4242-4242', 1],
    ['{"note":"4242424242424242"}', 1],
    ['uuid 550e8400-e29b-41d4-a716-446655440000', 0],
    ['amount 4242424242424241', 0],
    ['ids 12 34 56', 0],
    ['20-digit 42424242424242424242', 0],
    ['traceparent 00-4242424242424242abcdefabcdefabcd-4242424242424242-01', 0],
    ['digits touching letters x4242424242424242', 0],
  ])('%s -> %i hit(s)', (text, hits) => {
    expect(cardLikeNumbers(text)).toHaveLength(hits);
  });
});
