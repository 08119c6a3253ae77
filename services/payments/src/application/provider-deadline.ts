import { providerTimeouts } from '@shop/service-kit';
import { PaymentProvider, ProviderTimeoutError } from './payment-provider.port';

/**
 * The provider with a deadline on every call: past it the call rejects with ProviderTimeoutError and is counted.
 * The call itself is not cancelled (it cannot be, at a remote provider): it may still complete, which is why the
 * caller treats the outcome as unknown and leaves the settling to the reconciler's lookup by key.
 */
export function withDeadline(provider: PaymentProvider, timeoutMs: number): PaymentProvider {
  const bounded = <T>(call: string, work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        providerTimeouts.inc({ call });
        reject(new ProviderTimeoutError(call, timeoutMs));
      }, timeoutMs);
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  };
  return {
    name: provider.name,
    charge: (request) => bounded('charge', provider.charge(request)),
    refund: (request) => bounded('refund', provider.refund(request)),
    lookup: (key) => bounded('lookup', provider.lookup(key)),
    cancel: (request) => bounded('cancel', provider.cancel(request)),
  };
}
