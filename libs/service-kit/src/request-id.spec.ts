import { requestIdFrom, safeRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each([
    ['a plain id', 'checkout-42', 'checkout-42'],
    ['a UUID', '3f2c1a8e-0c6b-4f1e-9a51-7d2f0e8b9c10', '3f2c1a8e-0c6b-4f1e-9a51-7d2f0e8b9c10'],
    ['a card number', '4111111111111111', UUID],
    ['a grouped card number', '4111-1111-1111-1111', UUID],
    ['spaces and quotes', 'a b"c', UUID],
    ['over 100 characters', 'x'.repeat(101), UUID],
    ['none', undefined, UUID],
    ['a repeated header (an array)', ['a', 'b'], UUID],
  ])('%s', (_what, header, expected) => {
    const id = requestIdFrom(header);
    if (typeof expected === 'string') expect(id).toBe(expected);
    else expect(id).toMatch(expected);
  });
});

describe('safeRequestId', () => {
  it.each([
    ['req-123', 'req-123'],
    ['2f1c1f5e-8a0b-4d0e-9c55-3a3f0d5e6a11', '2f1c1f5e-8a0b-4d0e-9c55-3a3f0d5e6a11'],
    ['a:b.c_d', 'a:b.c_d'],
    [undefined, 'fallback'],
    ['', 'fallback'],
    ['has space', 'fallback'],
    ['x'.repeat(101), 'fallback'],
    ['4111111111111111', 'fallback'],
    ['<script>', 'fallback'],
  ])('%j -> %s', (candidate, expected) => {
    expect(safeRequestId(candidate, 'fallback')).toBe(expected);
  });
});
