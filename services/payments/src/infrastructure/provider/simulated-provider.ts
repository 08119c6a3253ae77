import { randomBytes } from 'node:crypto';
import { Tx, run, runOne, sql, withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';
import { PaymentProvider, ProviderResult, TransientProviderError } from '../../application/payment-provider.port';
import { simulatedOutcome } from '../../domain/simulated-card-rules';

interface LedgerRow {
  status: 'SUCCEEDED' | 'DECLINED';
  provider_ref: string;
}

const LOCK_KEY = sql('provider_sim.lock_key', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 2))');
const FIND = sql<LedgerRow>('provider_sim.ledger.find', 'SELECT status, provider_ref FROM provider_sim.ledger WHERE idempotency_key = $1');
const COUNT_CALL = sql('provider_sim.ledger.count_call', 'UPDATE provider_sim.ledger SET calls = calls + 1 WHERE idempotency_key = $1');
const INSERT = sql(
  'provider_sim.ledger.insert',
  `INSERT INTO provider_sim.ledger (idempotency_key, kind, token, charge_ref, amount_cents, currency, status, provider_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
);
const BUMP_FAILURES = sql<{ failures: number }>(
  'provider_sim.transient_failures.bump',
  `INSERT INTO provider_sim.transient_failures (idempotency_key, failures) VALUES ($1, 1)
   ON CONFLICT (idempotency_key) DO UPDATE SET failures = provider_sim.transient_failures.failures + 1 RETURNING failures`,
);
const FAILURES = sql<{ failures: number }>('provider_sim.transient_failures.get', 'SELECT failures FROM provider_sim.transient_failures WHERE idempotency_key = $1');

const toResult = (row: LedgerRow): ProviderResult =>
  row.status === 'SUCCEEDED' ? { outcome: 'succeeded', providerRef: row.provider_ref } : { outcome: 'declined', reason: 'card declined', providerRef: row.provider_ref };

/**
 * The default provider: behaves like a card processor (API.md) and keeps its own ledger keyed by idempotency
 * key in schema provider_sim, under its own role, as an outside system would.
 */
export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated';

  constructor(private readonly pool: Pool) {}

  charge(request: { idempotencyKey: string; token: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    return this.once(request.idempotencyKey, async (tx) => {
      const failures = (await runOne(tx, FAILURES, [request.idempotencyKey]))?.failures ?? 0;
      const outcome = simulatedOutcome(request.token, failures);
      if (outcome === 'transient-failure') {
        await run(tx, BUMP_FAILURES, [request.idempotencyKey]);
        return 'transient';
      }
      const status = outcome === 'capture' ? 'SUCCEEDED' : 'DECLINED';
      const ref = `ch_${randomBytes(12).toString('hex')}`;
      await run(tx, INSERT, [request.idempotencyKey, 'CHARGE', request.token, null, request.amountCents, request.currency, status, ref]);
      return toResult({ status, provider_ref: ref });
    });
  }

  refund(request: { idempotencyKey: string; chargeRef: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    return this.once(request.idempotencyKey, async (tx) => {
      const ref = `re_${randomBytes(12).toString('hex')}`;
      await run(tx, INSERT, [request.idempotencyKey, 'REFUND', null, request.chargeRef, request.amountCents, request.currency, 'SUCCEEDED', ref]);
      return toResult({ status: 'SUCCEEDED', provider_ref: ref });
    });
  }

  async lookup(idempotencyKey: string): Promise<ProviderResult | undefined> {
    const row = await runOne(this.pool, FIND, [idempotencyKey]);
    return row ? toResult(row) : undefined;
  }

  /** A known key answers with its first result and moves no money; a transient failure commits its count, then throws. */
  private async once(key: string, first: (tx: Tx) => Promise<ProviderResult | 'transient'>): Promise<ProviderResult> {
    const result = await withTransaction(this.pool, async (tx) => {
      await run(tx, LOCK_KEY, [key]);
      const existing = await runOne(tx, FIND, [key]);
      if (existing) {
        await run(tx, COUNT_CALL, [key]);
        return toResult(existing);
      }
      return first(tx);
    });
    if (result === 'transient') throw new TransientProviderError('simulated processing error; retry with the same idempotency key');
    return result;
  }
}
