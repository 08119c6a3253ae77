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
// A known key answers with its first result (and counts the call); a new one is recorded. One round trip.
const RECORD_ONCE = sql<LedgerRow>(
  'provider_sim.ledger.record_once',
  `INSERT INTO provider_sim.ledger (idempotency_key, kind, token, charge_ref, amount_cents, currency, status, provider_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
   ON CONFLICT (idempotency_key) DO UPDATE SET calls = provider_sim.ledger.calls + 1 RETURNING status, provider_ref`,
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

  async charge(request: { idempotencyKey: string; token: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    const outcome = simulatedOutcome(request.token, Number.POSITIVE_INFINITY);
    if (request.token !== 'tok_processingError') {
      const status = outcome === 'capture' ? 'SUCCEEDED' : 'DECLINED';
      const row = await runOne(this.pool, RECORD_ONCE, [request.idempotencyKey, 'CHARGE', request.token, null, request.amountCents, request.currency, status, `ch_${randomBytes(12).toString('hex')}`]);
      return toResult(row!);
    }
    // The transient-failure token keeps per-key state, so it takes the locked path.
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

  async refund(request: { idempotencyKey: string; chargeRef: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    const row = await runOne(this.pool, RECORD_ONCE, [request.idempotencyKey, 'REFUND', null, request.chargeRef, request.amountCents, request.currency, 'SUCCEEDED', `re_${randomBytes(12).toString('hex')}`]);
    return toResult(row!);
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
