import { ProblemError } from '@shop/service-kit';
import { UpstreamClient, passOn } from './upstream.client';

const CONFIG = {
  upstreams: { orders: 'http://orders', inventory: 'http://inventory', payments: 'http://payments', projections: 'http://projections' },
  upstreamTimeoutMs: 50,
};
const CONTEXT = { requestId: 'req-1', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, actor: 'customer:7' };

function answering(status: number, body: string, contentType = 'application/json') {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === '' ? null : body, { status, headers: { 'content-type': contentType } });
  }) as unknown as typeof fetch;
  return { calls, client: new UpstreamClient(CONFIG, fetchImpl) };
}

async function problemOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return (error as ProblemError).toProblem();
  }
  throw new Error('expected a problem');
}

describe('UpstreamClient', () => {
  it('sends the correlation headers, the idempotency key and the JSON body', async () => {
    const { calls, client } = answering(202, '{"id":"1"}');
    await expect(client.call('orders', { method: 'POST', path: '/internal/orders', body: { a: 1 }, idempotencyKey: 'k-1' }, CONTEXT)).resolves.toEqual({
      id: '1',
    });
    expect(calls[0].url).toBe('http://orders/internal/orders');
    expect(calls[0].init).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: {
        'x-request-id': 'req-1',
        traceparent: CONTEXT.traceparent,
        'x-actor': 'customer:7',
        'idempotency-key': 'k-1',
        'content-type': 'application/json',
      },
    });
  });

  it.each([
    [
      404,
      '{"type":"https://errors.shop.local/not-found","title":"Not Found","status":404,"detail":"order 9 was not found"}',
      'application/problem+json',
      { status: 404, type: 'https://errors.shop.local/not-found', detail: 'order 9 was not found' },
    ],
    [
      409,
      '{"type":"https://errors.shop.local/illegal-transition","title":"Conflict","status":409,"detail":"DELIVERED -> PENDING","from":"DELIVERED"}',
      'application/problem+json',
      { status: 409, type: 'https://errors.shop.local/illegal-transition', from: 'DELIVERED' },
    ],
    [
      422,
      '{"type":"https://errors.shop.local/validation","title":"x","status":422,"detail":"d","errors":[{"field":"items","message":"one currency"},{"bad":1}]}',
      'application/problem+json',
      { status: 422, errors: [{ field: 'items', message: 'one currency' }] },
    ],
    [400, '{"type":"about:blank","title":"Bad","status":400,"detail":"no"}', 'application/json', { status: 400, type: 'about:blank' }],
    [500, '<html>oops</html>', 'text/html', { status: 502, type: 'https://errors.shop.local/bad-gateway' }],
    [503, '', 'text/plain', { status: 502 }],
  ])('passes on a %i answer', async (status, body, contentType, expected) => {
    const { client } = answering(status, body, contentType);
    expect(await problemOf(client.call('orders', { method: 'GET', path: '/x' }, CONTEXT))).toMatchObject(expected);
  });

  it('gives 502 for a success that is not JSON', async () => {
    const { client } = answering(200, 'not json', 'text/plain');
    expect(await problemOf(client.call('payments', { method: 'GET', path: '/x' }, CONTEXT))).toMatchObject({ status: 502 });
  });

  it('gives 504 when the service does not answer in time', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as unknown as typeof fetch;
    const client = new UpstreamClient(CONFIG, hanging);
    expect(await problemOf(client.call('inventory', { method: 'GET', path: '/x' }, CONTEXT))).toMatchObject({
      status: 504,
      detail: 'the inventory service did not answer within 50 ms; try again shortly',
    });
  });

  it('gives 503 when the service cannot be reached', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as unknown as typeof fetch;
    const client = new UpstreamClient(CONFIG, refused);
    expect(await problemOf(client.call('projections', { method: 'GET', path: '/x' }, CONTEXT))).toMatchObject({ status: 503 });
  });

  it('probes without throwing', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(new UpstreamClient(CONFIG, refused).probe('orders', '/health/ready', 10)).resolves.toEqual({ status: 'unreachable' });
    await expect(answering(503, '{"status":"starting"}').client.probe('orders', '/health/ready', 10)).resolves.toEqual({
      status: 503,
      text: '{"status":"starting"}',
    });
  });

  it('keeps a problem type from outside the platform as it is', () => {
    expect(
      passOn('orders', 418, 'application/problem+json', { type: 'https://example.com/teapot', title: 'Teapot', detail: 'short and stout' }).toProblem(),
    ).toMatchObject({
      type: 'https://example.com/teapot',
      status: 418,
      detail: 'short and stout',
    });
  });
});
