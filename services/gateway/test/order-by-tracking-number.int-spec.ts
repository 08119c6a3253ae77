import { FakePlatform } from './fake-platform';

/**
 * GET /v1/orders?trackingNumber= through the real gateway with fake services (order 100 of customer 7 and merchant
 * 77 was shipped as TRK-100): the order detail for whoever may see the order, and for everyone else the very 404
 * an unknown number gets, so nobody learns that a number is on an order they may not see.
 */
describe('order look-up by tracking number in the gateway', () => {
  const platform = new FakePlatform();
  const lookUp = (trackingNumber: string, token: string) => platform.request('GET', `/v1/orders?trackingNumber=${encodeURIComponent(trackingNumber)}`, { token });
  let unknownAnswer: unknown;

  beforeAll(async () => {
    await platform.start();
    unknownAnswer = (await lookUp('TRK-999', platform.token('admin', 'ops'))).body;
  });
  afterAll(() => platform.stop());

  const strip = (body: any) => ({ ...body, instance: undefined, requestId: undefined });

  it.each<[string, number, () => string]>([
    ['admin', 200, () => platform.token('admin', 'ops')],
    ['the customer', 200, () => platform.token('customer', '7')],
    ['the merchant', 200, () => platform.token('merchant', 'm', '77')],
    ['fulfillment of the merchant', 200, () => platform.token('fulfillment', 'f', '77')],
    ['another customer', 404, () => platform.token('customer', '8')],
    ['another merchant', 404, () => platform.token('merchant', 'm', '88')],
    ['fulfillment of another merchant', 404, () => platform.token('fulfillment', 'f', '88')],
    ['finance (as for order detail)', 403, () => platform.token('finance', 'fin')],
  ])('%s -> %s', async (_who, status, token) => {
    const response = await lookUp('TRK-100', token());
    expect(response.status).toBe(status);
    if (status === 200) expect(response.body).toMatchObject({ id: '100', status: 'SHIPPED', trackingNumber: 'TRK-100', payments: [expect.objectContaining({ id: 'p-100' })] });
    if (status === 404) expect(strip(response.body)).toEqual(strip({ ...(unknownAnswer as object), detail: 'order with tracking number "TRK-100" was not found' }));
  });

  it('says an unknown number is an order that was not found', () => {
    expect(unknownAnswer).toMatchObject({ status: 404, detail: 'order with tracking number "TRK-999" was not found' });
  });

  it.each<[string, string, string]>([
    ['no tracking number', '/v1/orders', 'trackingNumber'],
    ['an empty one', '/v1/orders?trackingNumber=', 'trackingNumber'],
    ['one with a leading space', '/v1/orders?trackingNumber=%20TRK-100', 'trackingNumber'],
    ['one with a line break', '/v1/orders?trackingNumber=TRK%0A100', 'trackingNumber'],
    ['one of 101 characters', `/v1/orders?trackingNumber=${'A'.repeat(101)}`, 'trackingNumber'],
    ['an unknown parameter', '/v1/orders?trackingNumber=TRK-100&status=SHIPPED', 'status'],
  ])('refuses %s with 422 before calling a service', async (_what, path, field) => {
    platform.reset();
    const response = await platform.request('GET', path, { token: platform.token('admin', 'ops') });
    expect(response).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ field })] } });
    expect(platform.upstreamCalls()).toBe(0);
  });

  it('refuses a tracking number that reads as a card number with the usual 422, before calling a service', async () => {
    platform.reset();
    const response = await lookUp('4111 1111 1111 1111', platform.token('admin', 'ops'));
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).not.toContain('4111');
    expect(platform.upstreamCalls()).toBe(0);
  });
});
