import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  orderId: string;
  authorization: string | undefined;
  body: { to?: string; expectedFrom?: string; reason?: string };
  status: number;
}

/**
 * A stand-in for the public API's `POST /v1/orders/{id}/transitions` (the real one is tested with the
 * gateway): it keeps each order's status and answers like the platform does — 200 and SHIPPED from CONFIRMED,
 * 409 from anything else or a stale expectedFrom, 404 for an unknown order or another merchant's, 401 without
 * the expected token — and can be told to fail.
 */
export class FakeOrdersApi {
  readonly calls: RecordedCall[] = [];
  readonly statuses = new Map<string, { status: string; merchantId: string }>();
  /** Order id -> status code to answer instead (e.g. 503), while set. */
  readonly failures = new Map<string, number>();
  private server?: Server;

  constructor(private readonly token: string, private readonly merchantId: string) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  callsFor(orderId: string): RecordedCall[] {
    return this.calls.filter((call) => call.orderId === orderId);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const match = /^\/v1\/orders\/([^/]+)\/transitions$/.exec(request.url ?? '');
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const status = match && request.method === 'POST' ? this.answer(decodeURIComponent(match[1]), request.headers.authorization, body) : 404;
    if (match) this.calls.push({ orderId: decodeURIComponent(match[1]), authorization: request.headers.authorization, body, status });
    response.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' });
    response.end(JSON.stringify(status === 200 ? { id: match![1], status: 'SHIPPED' } : { type: 'about:blank', title: 'fake', status }));
  }

  private answer(orderId: string, authorization: string | undefined, body: RecordedCall['body']): number {
    if (authorization !== `Bearer ${this.token}`) return 401;
    const failure = this.failures.get(orderId);
    if (failure) return failure;
    const order = this.statuses.get(orderId);
    if (!order || order.merchantId !== this.merchantId) return 404;
    if (body.to !== 'SHIPPED' || order.status !== 'CONFIRMED' || (body.expectedFrom && body.expectedFrom !== order.status)) return 409;
    order.status = 'SHIPPED';
    return 200;
  }
}
