import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signJwt, type Role } from '@shop/service-kit';
import pino, { Logger } from 'pino';
import { createGatewayApp } from '../src/gateway.app';
import { GatewayConfig, UPSTREAMS, Upstream } from '../src/gateway.config';

// @fastify/static (Swagger UI's assets) pulls in an ESM-only dependency that Node 20.19+ can require but Jest
// cannot, so in tests the asset plugin is a no-op; /docs (the HTML page) and /docs-json are still served.
jest.mock('@fastify/static', () => Object.assign(async () => undefined, { default: async () => undefined }));

/** One request a fake service received. */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  contentType?: string;
  delayMs?: number;
}

export type FakeHandler = (call: RecordedCall) => FakeReply | undefined;

const problem = (status: number, slug: string, detail: string, extra: Record<string, unknown> = {}): FakeReply => ({
  status,
  contentType: 'application/problem+json',
  body: { type: `https://errors.shop.local/${slug}`, title: 'Problem', status, detail, ...extra },
});

/** A stand-in for one internal service: node:http on port 0, recording every call and answering from handlers. */
export class FakeService {
  readonly calls: RecordedCall[] = [];
  ready = true;
  /** Handlers tried first (per test overrides), then the defaults. */
  readonly overrides: FakeHandler[] = [];
  private server!: Server;
  url = '';

  constructor(
    readonly name: Upstream,
    private readonly defaults: FakeHandler,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://fake');
        const text = Buffer.concat(chunks).toString('utf8');
        const call: RecordedCall = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        let reply: FakeReply | undefined;
        if (call.path === '/health/ready') reply = this.ready ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'starting' } };
        else if (call.path === '/metrics')
          reply = { status: 200, contentType: 'text/plain', body: `# HELP fake_up A fake metric\n# TYPE fake_up gauge\nfake_up 1\n` };
        else {
          this.calls.push(call);
          for (const handler of [...this.overrides, this.defaults]) {
            reply = handler(call);
            if (reply) break;
          }
        }
        reply ??= problem(404, 'not-found', `Cannot ${call.method} ${call.path}`);
        const send = () => {
          if (response.destroyed) return;
          const payload = reply!.body === undefined ? '' : typeof reply!.body === 'string' ? reply!.body : JSON.stringify(reply!.body);
          response.writeHead(reply!.status, { 'content-type': reply!.contentType ?? 'application/json' });
          response.end(payload);
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.overrides.length = 0;
    this.ready = true;
  }
}

/** Orders 100 (customer 7, merchant 77) and 200 (customer 8, merchant 88); SKU 5 of merchant 77, SKU 6 of 88. */
export const ORDERS: Record<string, { id: string; customerId: string; merchantId: string }> = {
  '100': { id: '100', customerId: '7', merchantId: '77' },
  '200': { id: '200', customerId: '8', merchantId: '88' },
};
const SKUS: Record<string, { id: string; merchantId: string }> = { '5': { id: '5', merchantId: '77' }, '6': { id: '6', merchantId: '88' } };

const orderView = (id: string) => ({
  ...ORDERS[id],
  status: 'PENDING',
  currency: 'USD',
  subtotalCents: 5000,
  taxCents: 0,
  shippingCents: 0,
  totalCents: 5000,
  placedAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  cancelledAt: null,
  trackingNumber: null,
  shippingAddress: { line1: '1 Analytical Way', line2: null, city: 'London', state: null, postalCode: 'N1 1AA', countryCode: 'GB' },
  lineItems: [{ skuId: '5', skuCode: 'W', name: 'Widget', quantity: 2, unitPriceCents: 2500, currency: 'USD' }],
  itemCount: 1,
  totalUnits: 2,
  paymentAttempt: 1,
});

const paymentView = (orderId: string, key: string) => ({
  id: `p-${orderId}`,
  orderId,
  merchantId: ORDERS[orderId].merchantId,
  attempt: 1,
  status: 'CAPTURED',
  amountCents: 5000,
  currency: 'USD',
  provider: 'simulated',
  providerRef: `sim_${orderId}`,
  idempotencyKey: key,
  createdAt: '2025-01-01T00:00:01.000Z',
  updatedAt: '2025-01-01T00:00:01.000Z',
});

const DEFAULTS: Record<Upstream, FakeHandler> = {
  orders: (call) => {
    const order = /^\/internal\/orders\/(\d+)(\/\w+)?$/.exec(call.path);
    if (call.method === 'POST' && call.path === '/internal/orders')
      // As the orders service answers a new checkout: no payment asked for yet.
      return { status: 202, body: { ...orderView('100'), paymentAttempt: 0, customerId: (call.body as { customerId: string }).customerId } };
    if (call.method === 'GET' && call.path === '/internal/orders') {
      // Order 100 was shipped as TRK-100, and so on.
      const trackingNumber = call.query.get('trackingNumber') ?? '';
      const shipped = /^TRK-(\d+)$/.exec(trackingNumber);
      if (shipped && ORDERS[shipped[1]]) return { status: 200, body: { ...orderView(shipped[1]), status: 'SHIPPED', trackingNumber } };
      return problem(404, 'not-found', `order with tracking number ${JSON.stringify(trackingNumber)} was not found`);
    }
    if (order) {
      if (!ORDERS[order[1]]) return problem(404, 'not-found', `order ${order[1]} was not found`);
      if (call.method === 'GET' && !order[2]) return { status: 200, body: orderView(order[1]) };
      if (call.method === 'GET' && order[2] === '/timeline') return { status: 200, body: { orderId: order[1], entries: [] } };
      if (call.method === 'POST' && order[2] === '/transitions') return { status: 200, body: orderView(order[1]) };
      if (call.method === 'POST' && (order[2] === '/cancel' || order[2] === '/payments')) return { status: 202, body: orderView(order[1]) };
    }
    const history = /^\/internal\/customers\/(\d+)\/orders$/.exec(call.path);
    if (history) return { status: 200, body: { items: [{ id: '100', status: 'PENDING' }], nextCursor: 'MjAyNS0wMS0wMVQwMDowMDowMFp8MTAw' } };
    if (call.method === 'POST' && call.path === '/internal/customers')
      return { status: 201, body: { id: '7', ...(call.body as object), createdAt: '2025-01-01T00:00:00.000Z' } };
    const customer = /^\/internal\/customers\/(\d+)(\/addresses(\/\d+)?)?$/.exec(call.path);
    if (customer && call.method === 'GET') return { status: 200, body: { id: customer[1], email: 'c@example.com', fullName: 'C' } };
    if (customer && call.method === 'POST') return { status: 201, body: { id: '3', customerId: customer[1], ...(call.body as object) } };
    if (customer && call.method === 'DELETE') return { status: 204 };
    if (customer && call.method === 'PATCH') return { status: 200, body: { id: customer[3]?.slice(1), customerId: customer[1], ...(call.body as object) } };
    return undefined;
  },
  inventory: (call) => {
    const sku = /^\/internal\/skus\/(\d+)(\/\w+)?$/.exec(call.path);
    if (sku) {
      if (!SKUS[sku[1]]) return problem(404, 'not-found', `SKU ${sku[1]} was not found`);
      if (call.method === 'GET' && sku[2] === '/availability')
        return { status: 200, body: { skuId: sku[1], available: 3, inventoryCount: 5, reservedCount: 2 } };
      return { status: 200, body: { ...SKUS[sku[1]], priceCents: 2500, currency: 'USD' } };
    }
    if (call.method === 'POST' && call.path === '/internal/products') return { status: 201, body: { id: '9', ...(call.body as object) } };
    if (call.method === 'POST' && call.path === '/internal/skus') return { status: 201, body: { id: '5', merchantId: '77', ...(call.body as object) } };
    return undefined;
  },
  payments: (call) => {
    if (call.path !== '/internal/payments') return undefined;
    const orderId = call.query.get('orderId');
    if (orderId) return { status: 200, body: { items: ORDERS[orderId] ? [paymentView(orderId, `k-${orderId}`)] : [] } };
    const key = call.query.get('idempotencyKey') ?? '';
    const match = /^k-(\d+)$/.exec(key);
    if (match && ORDERS[match[1]]) return { status: 200, body: paymentView(match[1], key) };
    return problem(404, 'not-found', `payment with idempotency key ${key} was not found`);
  },
  projections: (call) => {
    if (call.path === '/internal/fulfillment/queue') return { status: 200, body: { items: [{ id: '100', status: 'CONFIRMED' }], nextCursor: null } };
    if (call.path === '/internal/finance/revenue') return { status: 200, body: { rows: [], asOf: '2025-01-01T00:00:00.000Z' } };
    return undefined;
  },
};

export const TEST_SECRET = 'gateway-test-secret-0123456789-abcdefghij';

/** The real gateway app in-process, wired to four fake services; its log lines are captured in `logs`. */
export class FakePlatform {
  readonly services: Record<Upstream, FakeService>;
  readonly logs: string[] = [];
  app!: NestFastifyApplication;
  url = '';
  readonly logger: Logger;

  constructor(
    private readonly settings: Partial<Pick<GatewayConfig, 'upstreamTimeoutMs' | 'rateLimitPerMinute' | 'databaseUrl' | 'orderCacheTtlMs'>> & {
      upstreamOverrides?: Partial<Record<Upstream, string>>;
    } = {},
  ) {
    this.services = Object.fromEntries(UPSTREAMS.map((name) => [name, new FakeService(name, DEFAULTS[name])])) as Record<Upstream, FakeService>;
    const logs = this.logs;
    this.logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, callback) {
          logs.push(chunk.toString());
          callback();
        },
      }),
    );
  }

  async start(): Promise<this> {
    await Promise.all(Object.values(this.services).map((service) => service.start()));
    const upstreams = Object.fromEntries(UPSTREAMS.map((name) => [name, this.settings.upstreamOverrides?.[name] ?? this.services[name].url])) as Record<
      Upstream,
      string
    >;
    const config: GatewayConfig = {
      port: 0,
      host: '127.0.0.1',
      jwtSecret: TEST_SECRET,
      upstreams,
      upstreamTimeoutMs: this.settings.upstreamTimeoutMs ?? 2_000,
      rateLimitPerMinute: this.settings.rateLimitPerMinute ?? 100_000,
      // The order detail cache is on only with a database to listen on (order-detail-cache.int-spec.ts).
      databaseUrl: this.settings.databaseUrl,
      orderCacheEntries: 1_000,
      orderCacheTtlMs: this.settings.orderCacheTtlMs ?? 60_000,
    };
    this.app = await createGatewayApp(config, this.logger);
    await this.app.listen(0, '127.0.0.1');
    this.url = await this.app.getUrl();
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }

  reset(): void {
    for (const service of Object.values(this.services)) service.reset();
    this.logs.length = 0;
  }

  /** Calls the services received (health and metrics probes excluded). */
  upstreamCalls(): number {
    return Object.values(this.services).reduce((total, service) => total + service.calls.length, 0);
  }

  token(role: Role, sub = `test-${role}`, merchantId?: string, secret = TEST_SECRET, ttlSeconds?: number): string {
    return signJwt({ sub, role, ...(merchantId ? { merchantId } : {}) }, secret, ttlSeconds);
  }

  async request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
}
