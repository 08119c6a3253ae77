import { createTestDatabase, TestDatabase } from '@shop/testing';
import type { RevenueMovement } from '../domain/revenue';
import { PgRevenueStore } from '../infrastructure/postgres/pg-revenue.store';
import { liveTables } from '../infrastructure/postgres/readmodel-tables';
import { RevenueQuery } from './revenue.query';

/** A day's revenue past what a bigint or a JavaScript number holds is still recorded and answered exactly. */
describe('revenue beyond 2^63 - 1 minor units', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const capture = (id: number, cents: bigint): RevenueMovement => ({
    kind: 'capture', movementId: String(id), paymentId: String(id), merchantId: '42', day: '2026-11-26', currency: 'USD', orderDelta: 1, revenueCents: cents,
  });

  it('sums captures in separate runs without overflow and answers every digit', async () => {
    const pool = db.pool('projections_svc');
    const store = new PgRevenueStore(liveTables);
    const largest = BigInt(Number.MAX_SAFE_INTEGER);
    // 1,100 captures of the largest order total: past 2^63 - 1, in runs as the bus delivers them.
    const movements = Array.from({ length: 1_100 }, (_, index) => capture(index + 1, largest));
    for (let index = 0; index < movements.length; index += 100) await store.applyRun(pool, movements.slice(index, index + 100));
    await store.applyRun(pool, movements.slice(0, 10)); // redelivered: counted once

    const text = await new RevenueQuery(pool).rows({ from: '2026-11-26', to: '2026-11-26', merchantId: '42' });
    const expected = largest * 1_100n;
    expect(expected > 2n ** 63n - 1n).toBe(true);
    expect(text).toBe(`{"rows":[{"merchantId":"42","day":"2026-11-26","currency":"USD","orderCount":1100,"revenueCents":${expected}}],"asOf":null}`);
  });
});
