import { RevenueRowView, revenueJson } from './revenue-json';

const row = (revenueCents: bigint): RevenueRowView => ({ merchantId: '7', day: '2026-11-26', currency: 'USD', orderCount: 2, revenueCents });

describe('revenueJson', () => {
  it.each([
    ['no rows, never projected', [], null, '{"rows":[],"asOf":null}'],
    ['a small day', [row(2500n)], '2026-11-26T10:00:00.000Z', '{"rows":[{"merchantId":"7","day":"2026-11-26","currency":"USD","orderCount":2,"revenueCents":2500}],"asOf":"2026-11-26T10:00:00.000Z"}'],
    ['a refund-heavy day', [row(-450n)], null, '{"rows":[{"merchantId":"7","day":"2026-11-26","currency":"USD","orderCount":2,"revenueCents":-450}],"asOf":null}'],
    ['past 2^53 - 1, every digit kept', [row(9007199254743491n)], null, '{"rows":[{"merchantId":"7","day":"2026-11-26","currency":"USD","orderCount":2,"revenueCents":9007199254743491}],"asOf":null}'],
    ['past 2^63 - 1', [row(123456789012345678901234567890n)], null, '{"rows":[{"merchantId":"7","day":"2026-11-26","currency":"USD","orderCount":2,"revenueCents":123456789012345678901234567890}],"asOf":null}'],
  ])('%s', (_case, rows, asOf, expected) => {
    expect(revenueJson({ rows, asOf })).toBe(expected);
  });

  it('is JSON whose safe amounts parse to the same numbers', () => {
    const rows = [row(0n), row(1999n), { ...row(-1n), currency: 'EUR', merchantId: '8' }];
    expect(JSON.parse(revenueJson({ rows, asOf: null })).rows.map((parsed: { revenueCents: number }) => parsed.revenueCents)).toEqual([0, 1999, -1]);
  });

  it('escapes the text fields', () => {
    expect(JSON.parse(revenueJson({ rows: [{ ...row(1n), currency: 'U"S' }], asOf: null })).rows[0].currency).toBe('U"S');
  });
});
