import { createTestDatabase, TestDatabase, waitFor } from '@shop/testing';
import type { Pool } from 'pg';
import { FakePlatform, RecordedCall } from './fake-platform';

/**
 * GET /v1/orders/{id} through the real gateway with fake services and a real database to listen on: the second
 * read is served from memory, ownership is still checked on every read, and a change announced by the database,
 * a command through the gateway or `Cache-Control: no-cache` sends the next read to the services again.
 */
describe('order detail cache in the gateway', () => {
  let db: TestDatabase;
  let admin: Pool;
  let platform: FakePlatform;
  let adminToken: string;

  const orderReads = () => platform.services.orders.calls.filter((call) => call.method === 'GET' && call.path === '/internal/orders/100').length;
  const paymentReads = () => platform.services.payments.calls.filter((call) => call.path === '/internal/payments').length;
  const detail = (token = adminToken, headers: Record<string, string> = {}) => platform.request('GET', '/v1/orders/100', { token, headers });
  /** The fake orders service answers order 100 with this status from now on. */
  const statusBecomes = (status: string) =>
    platform.services.orders.overrides.unshift((call: RecordedCall) =>
      call.method === 'GET' && call.path === '/internal/orders/100'
        ? { status: 200, body: { id: '100', customerId: '7', merchantId: '77', status, lineItems: [], currency: 'USD', totalCents: 5000 } }
        : undefined,
    );
  const announce = (payload: string) => admin.query(`SELECT pg_notify('shop_order_changes', $1)`, [payload]);
  const statusOfNextRead = async () => (await detail()).body.status;
  /** A sample of the gateway's own /metrics, e.g. metric('gateway_order_cache_entries', 'state="on"'). */
  const metric = async (name: string, label: string) => {
    const text = (await platform.request('GET', '/metrics')).text;
    const line = text.split('\n').find((row: string) => row.startsWith(`${name}{`) && row.includes(label) && row.includes('service="gateway"'));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = db.pool('admin');
    platform = await new FakePlatform({ databaseUrl: db.urlFor('gateway_svc') }).start();
    adminToken = platform.token('admin', 'ops');
  });
  afterAll(async () => {
    await platform.stop();
    await db.drop();
  });
  beforeEach(async () => {
    platform.reset();
    // Each test starts from an empty cache.
    await announce('*');
    await waitFor('the cache to empty', async () => ((await metric('gateway_order_cache_entries', 'state="on"')) === 0 ? true : undefined), 5_000, 10);
  });

  it('ends every read that fails: unknown orders and other customers\' leave nothing under way', async () => {
    for (let id = 9_001; id <= 9_020; id++) expect((await platform.request('GET', `/v1/orders/${id}`, { token: adminToken })).status).toBe(404);
    expect((await detail(platform.token('customer', '8'))).status).toBe(404); // order 100 is customer 7's
    expect(await metric('gateway_order_cache_reads_under_way', '')).toBe(0);
    expect(await metric('gateway_order_cache_entries', 'state="on"')).toBe(0);
  });

  it('serves the second read from memory, with the same body', async () => {
    const first = await detail();
    const second = await detail();
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.body.payments).toHaveLength(1);
    expect({ orders: orderReads(), payments: paymentReads() }).toEqual({ orders: 1, payments: 1 });
  });

  it('still refuses other customers and merchants on a cached order (404, no service called)', async () => {
    expect((await detail(platform.token('customer', '7'))).status).toBe(200);
    const calls = platform.upstreamCalls();
    for (const token of [platform.token('customer', '8'), platform.token('merchant', 'm88', '88')]) {
      const refused = await detail(token);
      expect({ status: refused.status, type: refused.body.type }).toEqual({ status: 404, type: expect.stringContaining('not-found') });
    }
    expect((await detail(platform.token('merchant', 'm77', '77'))).status).toBe(200);
    expect(platform.upstreamCalls()).toBe(calls);
  });

  it('reads again once the database announces a change to the order', async () => {
    expect(await statusOfNextRead()).toBe('PENDING');
    statusBecomes('CONFIRMED');
    expect(await statusOfNextRead()).toBe('PENDING'); // nothing announced: still the cached detail
    await announce('300,100');
    await waitFor('the announced order to be read again', async () => ((await statusOfNextRead()) === 'CONFIRMED' ? true : undefined), 5_000, 10);
  });

  it('keeps the order when other orders change', async () => {
    await detail();
    const before = (await metric('gateway_order_cache_events_total', 'event="invalidation"')) ?? 0;
    await announce('200,300');
    await waitFor(
      'the announcement to be handled',
      async () => ((await metric('gateway_order_cache_events_total', 'event="invalidation"')) === before + 2 ? true : undefined),
      5_000,
      10,
    );
    await detail();
    expect(orderReads()).toBe(1);
  });

  it('does not keep a read during which the order changed', async () => {
    // The order read takes 300 ms; the change is announced while it is on its way.
    platform.services.orders.overrides.unshift((call) =>
      call.method === 'GET' && call.path === '/internal/orders/100'
        ? { status: 200, delayMs: 300, body: { id: '100', customerId: '7', merchantId: '77', status: 'PENDING' } }
        : undefined,
    );
    const reading = detail();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await announce('100');
    expect((await reading).body.status).toBe('PENDING');
    platform.reset();
    statusBecomes('CONFIRMED');
    expect(await statusOfNextRead()).toBe('CONFIRMED');
  });

  it.each([
    ['a transition', 'POST', '/v1/orders/100/transitions', { to: 'SHIPPED' }],
    ['a cancellation', 'POST', '/v1/orders/100/cancel', { reason: 'changed my mind' }],
  ])('reads again after %s through this gateway, without waiting for the announcement', async (_what, method, path, body) => {
    await detail();
    statusBecomes('CHANGED');
    expect((await platform.request(method, path, { token: adminToken, body })).status).toBeLessThan(300);
    expect(await statusOfNextRead()).toBe('CHANGED');
  });

  it("takes a cached order's owner for the timeline, and still refuses anyone else", async () => {
    const alice = platform.token('customer', '7');
    await detail(alice);
    platform.reset();
    expect((await platform.request('GET', '/v1/orders/100/timeline', { token: alice })).status).toBe(200);
    expect((await platform.request('GET', '/v1/orders/100/timeline', { token: platform.token('customer', '8') })).status).toBe(404);
    expect(orderReads()).toBe(0);
    expect(platform.services.orders.calls.map((call) => call.path)).toEqual(['/internal/orders/100/timeline']);
  });

  it('reads through with Cache-Control: no-cache', async () => {
    await detail();
    statusBecomes('CONFIRMED');
    expect((await detail(adminToken, { 'cache-control': 'no-cache' })).body.status).toBe('CONFIRMED');
    expect(orderReads()).toBe(2);
  });

  it('reports hits, misses and entries in /metrics', async () => {
    const hits = (await metric('gateway_order_cache_events_total', 'event="hit"')) ?? 0;
    const misses = (await metric('gateway_order_cache_events_total', 'event="miss"')) ?? 0;
    await detail();
    await detail();
    expect(await metric('gateway_order_cache_events_total', 'event="hit"')).toBe(hits + 1);
    expect(await metric('gateway_order_cache_events_total', 'event="miss"')).toBe(misses + 1);
    expect(await metric('gateway_order_cache_entries', 'state="on"')).toBe(1);
  });
});
