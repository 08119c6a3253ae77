import { ApiError, createApi, pathWithQuery, problemText } from './api';

describe('pathWithQuery', () => {
  it.each([
    [{}, '/v1/x'],
    [{ merchantId: '7', from: '2030-01-01' }, '/v1/x?merchantId=7&from=2030-01-01'],
    [{ merchantId: '', limit: 5, cursor: undefined }, '/v1/x?limit=5'],
    [{ q: 'a b&c' }, '/v1/x?q=a+b%26c'],
  ])('%j -> %s', (query, path) => {
    expect(pathWithQuery('/v1/x', query)).toBe(path);
  });
});

describe('problemText', () => {
  it.each([
    [
      422,
      { detail: 'invalid', errors: [{ field: 'merchantId', message: 'is required for an admin token' }] },
      '422: merchantId is required for an admin token',
    ],
    [503, { detail: 'the payments service cannot be reached' }, '503: the payments service cannot be reached'],
    [502, undefined, '502: HTTP 502'],
  ])('%d %j -> %s', (status, problem, text) => {
    expect(problemText(status, problem)).toBe(text);
  });
});

describe('createApi', () => {
  const reply = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

  it('keeps every digit of a revenue sum past 2^53, which JSON.parse would round', async () => {
    const body = '{"rows":[{"merchantId":"5","day":"2030-01-01","currency":"EUR","orderCount":3,"revenueCents":27021597764222973},{"revenueCents": -5}],"note":"\\"revenueCents\\":1"}';
    const api = createApi('tkn', async () => new Response(body, { status: 200 }));
    await expect(api.get('/v1/finance/revenue')).resolves.toEqual({
      rows: [{ merchantId: '5', day: '2030-01-01', currency: 'EUR', orderCount: 3, revenueCents: '27021597764222973' }, { revenueCents: '-5' }],
      note: '"revenueCents":1',
    });
  });

  it('sends the bearer token and JSON, and returns the parsed body', async () => {
    const calls: [string, RequestInit][] = [];
    const api = createApi('tkn', async (input, init) => {
      calls.push([String(input), init!]);
      return new Response('{"ok":true}', { status: 200 });
    });
    await expect(api.post('/v1/admin/dead-letters/redrive', { service: 'payments' })).resolves.toEqual({ ok: true });
    expect(calls[0][0]).toBe('/v1/admin/dead-letters/redrive');
    expect(calls[0][1]).toMatchObject({
      method: 'POST',
      body: '{"service":"payments"}',
      headers: { authorization: 'Bearer tkn', 'content-type': 'application/json' },
    });
  });

  it.each([
    [401, { detail: 'A valid bearer token is required' }, 401],
    [403, { detail: 'no' }, 403],
  ])('turns a %d problem into an ApiError', async (status, body, expected) => {
    const error = await createApi('t', reply(status, body))
      .get('/v1/admin/bus')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(expected);
  });

  it('says the gateway is unreachable when fetch itself fails', async () => {
    const error = await createApi('t', async () => Promise.reject(new TypeError('fetch failed')))
      .get('/v1/admin/bus')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, message: 'the gateway cannot be reached' });
  });
});
