/** The read patterns of the design doc as the gateway serves them (API.md), with the targets they are held to. */

export type PatternKey = 'order-detail' | 'history-first' | 'history-later' | 'availability' | 'queue' | 'revenue' | 'timeline' | 'payment-by-key';

export interface ReadPattern {
  key: PatternKey;
  /** Number in the design doc's access-pattern table. */
  pattern: number;
  name: string;
  /** Route as API.md writes it; the requests fill it in. */
  endpoint: string;
  /** Who asks in real life; the token of each request has this role. */
  role: string;
  targetP99Ms: number;
  /** A 200 that is not the documented shape (a wrong route can answer 200 too); returns what is wrong. */
  check(body: any): string | undefined;
}

const has = (body: any, fields: string[]) => {
  const missing = fields.filter((field) => body?.[field] === undefined);
  return missing.length === 0 ? undefined : `response lacks ${missing.join(', ')}`;
};
const list = (body: any, field: string) => (Array.isArray(body?.[field]) ? undefined : `response has no ${field} array`);

export const PATTERNS: ReadPattern[] = [
  {
    key: 'order-detail',
    pattern: 1,
    name: 'order detail',
    endpoint: 'GET /v1/orders/{id}',
    role: 'customer (owner)',
    targetP99Ms: 10,
    check: (body) => has(body, ['id', 'status', 'shippingAddress']) ?? list(body, 'lineItems') ?? list(body, 'payments'),
  },
  {
    key: 'history-first',
    pattern: 2,
    name: 'customer history, page 1',
    endpoint: 'GET /v1/customers/{id}/orders?limit=20',
    role: 'customer (self)',
    targetP99Ms: 10,
    check: (body) => list(body, 'items'),
  },
  {
    key: 'history-later',
    pattern: 2,
    name: 'customer history, later page',
    endpoint: 'GET /v1/customers/{id}/orders?limit=20&cursor=...',
    role: 'customer (self)',
    targetP99Ms: 10,
    check: (body) => list(body, 'items'),
  },
  {
    key: 'availability',
    pattern: 3,
    name: 'SKU availability',
    endpoint: 'GET /v1/skus/{id}/availability',
    role: 'customer',
    targetP99Ms: 5,
    check: (body) => has(body, ['skuId', 'available']),
  },
  {
    key: 'queue',
    pattern: 4,
    name: 'fulfillment queue',
    endpoint: 'GET /v1/fulfillment/queue?merchantId=...&limit=100',
    role: 'fulfillment (merchant)',
    targetP99Ms: 20,
    check: (body) => list(body, 'items'),
  },
  {
    key: 'revenue',
    pattern: 7,
    name: 'revenue, 30 days',
    endpoint: 'GET /v1/finance/revenue?merchantId=...&from=...&to=...',
    role: 'finance',
    targetP99Ms: 200,
    check: (body) => list(body, 'rows') ?? has(body, ['asOf']),
  },
  {
    key: 'timeline',
    pattern: 8,
    name: 'order timeline',
    endpoint: 'GET /v1/orders/{id}/timeline',
    role: 'admin (support)',
    targetP99Ms: 50,
    check: (body) => list(body, 'entries'),
  },
  {
    key: 'payment-by-key',
    pattern: 9,
    name: 'payment by idempotency key',
    endpoint: 'GET /v1/payments?idempotencyKey=...',
    role: 'finance',
    targetP99Ms: 5,
    check: (body) => has(body, ['id', 'idempotencyKey', 'status']),
  },
];

/** One prepared request: the path with its parameters filled in, and the token of someone allowed to ask. */
export interface ReadRequest {
  path: string;
  token: string;
}
