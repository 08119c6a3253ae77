/** How the API answered a ship request, when the answer is final for this order. */
export type ShipOutcome = 'shipped' | 'not-confirmed-anymore' | 'not-found';

/** Worth retrying: the platform is restarting, overloaded or unreachable. */
export class TransientApiError extends Error {
  override readonly name = 'TransientApiError';
}

/** Retrying cannot help (bad token, wrong role, a request the API refuses): stop and tell the operator. */
export class FatalApiError extends Error {
  override readonly name = 'FatalApiError';
}

export interface OrdersApiOptions {
  baseUrl: string;
  /** A fulfillment (or merchant) JWT: `npm run token -- --role fulfillment --merchant-id <id>`. */
  token: string;
  timeoutMs?: number;
}

/**
 * The one public API call the worker makes: `POST /v1/orders/{id}/transitions {to: 'SHIPPED', expectedFrom:
 * 'CONFIRMED'}`. `expectedFrom` makes it safe to repeat: a second attempt, or an order cancelled meanwhile,
 * gets 409 and changes nothing.
 */
export class OrdersApi {
  constructor(private readonly options: OrdersApiOptions) {}

  async ship(orderId: string, reason: string): Promise<ShipOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}/v1/orders/${encodeURIComponent(orderId)}/transitions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'SHIPPED', expectedFrom: 'CONFIRMED', reason }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new TransientApiError(`POST transitions of order ${orderId}: ${(error as Error).message}`);
    }
    const detail = async () => `${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`;
    if (response.ok) return 'shipped';
    if (response.status === 409) return 'not-confirmed-anymore';
    // 404 is also what another merchant's order looks like through a merchant-scoped token.
    if (response.status === 404) return 'not-found';
    if (response.status === 429 || response.status >= 500) throw new TransientApiError(`order ${orderId}: ${await detail()}`);
    throw new FatalApiError(`order ${orderId}: ${await detail()}`);
  }
}
