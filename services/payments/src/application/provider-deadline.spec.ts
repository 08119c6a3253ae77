import { providerTimeouts } from '@shop/service-kit';
import { PaymentProvider, ProviderResult, ProviderTimeoutError } from './payment-provider.port';
import { withDeadline } from './provider-deadline';

const ANSWER: ProviderResult = { outcome: 'succeeded', providerRef: 'ref-1' };
const CALLS = ['charge', 'refund', 'lookup', 'cancel'] as const;
type Call = (typeof CALLS)[number];

/** A provider whose every call answers after `delayMs` (never, when undefined). */
function provider(delayMs: number | undefined): PaymentProvider {
  const answer = <T>(value: T) => new Promise<T>((resolve) => (delayMs === undefined ? undefined : setTimeout(() => resolve(value), delayMs)));
  return {
    name: 'fake',
    charge: () => answer(ANSWER),
    refund: () => answer(ANSWER),
    lookup: () => answer(ANSWER),
    cancel: () => answer(ANSWER),
  };
}

const invoke = (bounded: PaymentProvider, call: Call): Promise<ProviderResult | undefined> => {
  const money = { amountCents: 1500, currency: 'USD' };
  switch (call) {
    case 'charge':
      return bounded.charge({ idempotencyKey: 'k', token: 'tok_visa', ...money });
    case 'refund':
      return bounded.refund({ idempotencyKey: 'k', chargeRef: 'ref-1', ...money });
    case 'lookup':
      return bounded.lookup('k');
    case 'cancel':
      return bounded.cancel({ idempotencyKey: 'k', ...money });
  }
};

const timeouts = async () => Object.fromEntries((await providerTimeouts.get()).values.map((value) => [String(value.labels.call), value.value]));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withDeadline', () => {
  it('keeps the provider name', () => {
    expect(withDeadline(provider(0), 50).name).toBe('fake');
  });

  it.each(CALLS)('%s: a call that never answers rejects at its deadline, counted under its own name', async (call) => {
    const before = await timeouts();
    const started = Date.now();
    const error = await invoke(withDeadline(provider(undefined), 50), call).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderTimeoutError);
    expect(error).toMatchObject({ call, timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1_000);
    const after = await timeouts();
    expect(CALLS.map((name) => (after[name] ?? 0) - (before[name] ?? 0))).toEqual(CALLS.map((name) => (name === call ? 1 : 0)));
  });

  it.each(CALLS)('%s: an answer in time is passed on, and no timeout is counted once the deadline passes', async (call) => {
    const before = await timeouts();
    await expect(invoke(withDeadline(provider(5), 60), call)).resolves.toEqual(ANSWER);
    await wait(120); // past the deadline: a timer left running would count a timeout that never happened
    expect(await timeouts()).toEqual(before);
  });
});
