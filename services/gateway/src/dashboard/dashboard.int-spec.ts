import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { FakePlatform, RecordedCall } from '../../test/fake-platform';
import { WebAssets } from './web-assets';

const PROBLEM_JSON = /^application\/problem\+json/;

/** The operator routes and the dashboard page through the real gateway, in front of fake services. */
describe('dashboard (gateway)', () => {
  let platform: FakePlatform;
  let admin: string;
  let webDir: string;

  beforeAll(async () => {
    // Build the page into a scratch directory (as tools/build.mjs does into dist/) and serve that one.
    webDir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    execFileSync(process.execPath, [join(repoRoot(), 'services/gateway/web/build.mjs'), '--out', webDir], { env: { ...process.env, BUILD_QUIET: '1' } });
    jest.spyOn(WebAssets, 'locate').mockReturnValue(new WebAssets(webDir));
    platform = await new FakePlatform().start();
    admin = platform.token('admin', 'ops-1');
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });
  beforeEach(() => platform.reset());

  const answer = (service: keyof FakePlatform['services'], handler: (call: RecordedCall) => { status: number; body?: unknown } | undefined) =>
    platform.services[service].overrides.push(handler);

  describe('the page', () => {
    it('serves the page at / with a same-origin-only CSP, and its modules and stylesheet', async () => {
      const page = await fetch(`${platform.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
      const html = await page.text();
      expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
      for (const asset of [...html.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((match) => match[1])) {
        const response = await fetch(`${platform.url}${asset}`);
        expect([asset, response.status]).toEqual([asset, 200]);
      }
      const app = await fetch(`${platform.url}/dashboard/app.js`);
      expect(app.headers.get('content-type')).toMatch(/^text\/javascript/);
      // Every module another one imports is served too (the build adds the .js the browser needs).
      const source = await app.text();
      for (const imported of [...source.matchAll(/from '\.\/([^']+)'/g)].map((match) => match[1])) {
        expect([imported, (await fetch(`${platform.url}/dashboard/${imported}`)).status]).toEqual([imported, 200]);
      }
    });

    it.each(['/dashboard/nothing.js', '/dashboard/..%2Fpackage.json', '/dashboard/gantt.spec.js'])('%s is a problem 404', async (path) => {
      const response = await fetch(`${platform.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    });

    it('leaves the page out of the OpenAPI document, and the operator routes in', async () => {
      const document = (await platform.request('GET', '/docs-json')).body;
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/v1/admin/orders/recent', '/v1/admin/bus', '/v1/admin/dead-letters', '/v1/admin/dead-letters/redrive']),
      );
      expect(Object.keys(document.paths)).not.toContain('/');
    });
  });

  describe('operator routes', () => {
    it.each([
      ['GET', '/v1/admin/orders/recent'],
      ['GET', '/v1/admin/bus'],
      ['GET', '/v1/admin/dead-letters'],
      ['POST', '/v1/admin/dead-letters/redrive'],
    ])('%s %s is for admins only (401 without a token, 403 for other roles) and calls nothing when refused', async (method, path) => {
      const body = method === 'POST' ? { service: 'payments' } : undefined;
      expect((await platform.request(method, path, { body })).status).toBe(401);
      for (const role of ['customer', 'merchant', 'fulfillment', 'finance'] as const) {
        const response = await platform.request(method, path, { token: platform.token(role, '7', '77'), body });
        expect([role, response.status]).toEqual([role, 403]);
      }
      expect(platform.upstreamCalls()).toBe(0);
    });

    it('passes the recent orders of the orders service through, 50 by default', async () => {
      answer('orders', (call) => (call.path === '/internal/orders/recent' ? { status: 200, body: { items: [{ id: '9', sagaStep: 'DONE' }] } } : undefined));
      const response = await platform.request('GET', '/v1/admin/orders/recent', { token: admin });
      expect(response).toMatchObject({ status: 200, body: { items: [{ id: '9', sagaStep: 'DONE' }] } });
      expect(platform.services.orders.calls[0].query.get('limit')).toBe('50');
      expect(platform.services.orders.calls[0].headers['x-actor']).toBe('admin:ops-1');
      await platform.request('GET', '/v1/admin/orders/recent?limit=3', { token: admin });
      expect(platform.services.orders.calls[1].query.get('limit')).toBe('3');
    });

    it.each([
      ['/v1/admin/orders/recent?limit=0', 'limit'],
      ['/v1/admin/orders/recent?limit=201', 'limit'],
      ['/v1/admin/orders/recent?since=1', 'since'],
      ['/v1/admin/bus?x=1', 'x'],
      ['/v1/admin/dead-letters?limit=abc', 'limit'],
    ])('%s is refused with 422 naming %s', async (path, field) => {
      const response = await platform.request('GET', path, { token: admin });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(platform.upstreamCalls()).toBe(0);
    });

    it('lists every consumer group of every service, projections one row per projection, and names a service that is down', async () => {
      const bus = (group: string, lag: Record<string, number>, deadLetters = 0) => ({ group, mode: 'postgres', lag, deadLetters });
      answer('orders', (call) => (call.path === '/internal/bus' ? { status: 200, body: bus('orders', { 'payments.outbox': 1 }) } : undefined));
      answer('inventory', (call) => (call.path === '/internal/bus' ? { status: 200, body: bus('inventory', {}) } : undefined));
      answer('payments', () => ({ status: 503, body: { type: 'https://errors.shop.local/unavailable', title: 'x', status: 503, detail: 'starting' } }));
      answer('projections', (call) =>
        call.path === '/internal/bus'
          ? {
              status: 200,
              body: {
                ...bus('projections', { 'orders.order_events': 4 }, 2),
                groups: [bus('projections-revenue', { 'orders.order_events': 4 }, 2), bus('projections-timeline', {})],
              },
            }
          : undefined,
      );
      const response = await platform.request('GET', '/v1/admin/bus', { token: admin });
      expect(response.status).toBe(200);
      expect(response.body.groups.map((row: any) => [row.service, row.group, row.totalLag, row.deadLetters])).toEqual([
        ['orders', 'orders', 1, 0],
        ['inventory', 'inventory', 0, 0],
        ['projections', 'projections-revenue', 4, 2],
        ['projections', 'projections-timeline', 0, 0],
      ]);
      expect(response.body.unavailable).toEqual([{ service: 'payments', status: 503, detail: 'starting' }]);
    });

    it('merges the dead letters of every service, newest first, tagged and without envelopes', async () => {
      const letter = (id: string, failedAt: string) => ({
        id,
        consumerGroup: 'g',
        source: 's',
        eventId: `e${id}`,
        eventType: 't',
        aggregateId: '1',
        envelope: { secret: 'x' },
        error: 'boom',
        attempts: 5,
        failedAt,
      });
      answer('payments', (call) =>
        call.path === '/internal/bus/dead-letters' ? { status: 200, body: { items: [letter('1', '2030-01-01T00:00:00.000Z')] } } : undefined,
      );
      answer('projections', (call) =>
        call.path === '/internal/bus/dead-letters' ? { status: 200, body: { items: [letter('7', '2030-01-02T00:00:00.000Z')] } } : undefined,
      );
      for (const service of ['orders', 'inventory'] as const) answer(service, () => ({ status: 200, body: { items: [] } }));
      const response = await platform.request('GET', '/v1/admin/dead-letters?limit=10', { token: admin });
      expect(response.status).toBe(200);
      expect(response.body.items.map((row: any) => [row.service, row.id])).toEqual([
        ['projections', '7'],
        ['payments', '1'],
      ]);
      expect(JSON.stringify(response.body)).not.toContain('secret');
      expect(platform.services.payments.calls[0].query.get('limit')).toBe('10');
      // Each service's newest letters: its oldest would hide the latest failures once more than `limit` wait.
      expect(platform.services.payments.calls[0].query.get('order')).toBe('newest');
    });

    it.each([
      [{ service: 'payments' }, {}],
      [{ service: 'projections', ids: ['3', '4'] }, { ids: ['3', '4'] }],
    ])('redrives %j at that service only', async (body, forwarded) => {
      answer(body.service as 'payments', (call) =>
        call.path === '/internal/bus/dead-letters/redrive'
          ? { status: 200, body: { redriven: ['3'], failed: [{ id: '4', error: 'still broken' }] } }
          : undefined,
      );
      const response = await platform.request('POST', '/v1/admin/dead-letters/redrive', { token: admin, body });
      expect(response).toMatchObject({ status: 200, body: { service: body.service, redriven: ['3'], failed: [{ id: '4', error: 'still broken' }] } });
      expect(platform.upstreamCalls()).toBe(1);
      expect(platform.services[body.service as 'payments'].calls[0]).toMatchObject({ method: 'POST', body: forwarded });
    });

    it.each([
      [{}, 'service'],
      [{ service: 'gateway' }, 'service'],
      [{ service: 'payments', ids: [] }, 'ids'],
      [{ service: 'payments', ids: ['x'] }, 'ids[0]'],
      [{ service: 'payments', all: true }, 'all'],
    ])('refuses the redrive body %j (422 on %s)', async (body, field) => {
      const response = await platform.request('POST', '/v1/admin/dead-letters/redrive', { token: admin, body });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(platform.upstreamCalls()).toBe(0);
    });
  });
});
