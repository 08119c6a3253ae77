import { randomBytes } from 'node:crypto';
import { GroupCommit, refusedData } from '@shop/messaging';
import { Tx, createPool, run, runOne, sql, withTransaction } from '@shop/postgres';
import type { Pool } from 'pg';
import { CHARGE_CANCELLED, PaymentProvider, ProviderResult, TransientProviderError } from '../../application/payment-provider.port';
import { simulatedOutcome } from '../../domain/simulated-card-rules';

interface LedgerRow {
  status: 'SUCCEEDED' | 'DECLINED' | 'CANCELLED';
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
// A known key answers with its first result (and counts the call); a new one is recorded. One round trip for a
// group of calls; the same key twice in one group fails it ("cannot affect row a second time"), and GroupCommit
// then records each call alone.
const RECORD_ONCE = sql<LedgerRow & { idempotency_key: string }>(
  'provider_sim.ledger.record_once_group',
  `INSERT INTO provider_sim.ledger (idempotency_key, kind, token, charge_ref, amount_cents, currency, status, provider_ref)
   SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[], $6::char(3)[], $7::varchar[], $8::varchar[])
   ON CONFLICT (idempotency_key) DO UPDATE SET calls = provider_sim.ledger.calls + 1 RETURNING idempotency_key, status, provider_ref`,
);

interface LedgerEntry {
  idempotencyKey: string;
  kind: 'CHARGE' | 'REFUND';
  token: string | null;
  chargeRef: string | null;
  amountCents: number;
  currency: string;
  status: LedgerRow['status'];
  providerRef: string;
}
// The cancellation takes the key's row if no charge has: a charge arriving later finds it (ON CONFLICT above).
const CANCEL = sql<LedgerRow>(
  'provider_sim.ledger.cancel',
  `INSERT INTO provider_sim.ledger (idempotency_key, kind, amount_cents, currency, status, provider_ref) VALUES ($1, 'CHARGE', $2, $3, 'CANCELLED', $4)
   ON CONFLICT (idempotency_key) DO NOTHING RETURNING status, provider_ref`,
);
const FAILURES = sql<{ failures: number }>('provider_sim.transient_failures.get', 'SELECT failures FROM provider_sim.transient_failures WHERE idempotency_key = $1');

const toResult = (row: LedgerRow): ProviderResult =>
  row.status === 'SUCCEEDED'
    ? { outcome: 'succeeded', providerRef: row.provider_ref }
    : { outcome: 'declined', reason: row.status === 'CANCELLED' ? CHARGE_CANCELLED : 'card declined', providerRef: row.provider_ref };

/**
 * The simulator's own connections, bounded like a remote provider's calls: a ledger write the server does not answer
 * within the deadline (a lock, a frozen backend) fails, so the calls grouped behind it are not held longer.
 */
export function createProviderPool(url: string, timeoutMs: number): Pool {
  return createPool({ url, applicationName: 'provider-sim', max: 5, statementTimeoutMs: timeoutMs, queryTimeoutMs: timeoutMs });
}

/**
 * The default provider: behaves like a card processor (API.md) and keeps its own ledger keyed by idempotency
 * key in schema provider_sim, under its own role, as an outside system would.
 */
export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated';
  /**
   * Calls that arrive while a ledger write is in flight share the next one. A real provider is another
   * machine; this one shares the platform's database and cores, and a commit per charge made the simulator
   * itself a visible share of a checkout's cost in the benchmark.
   */
  private readonly ledger = new GroupCommit<LedgerEntry, LedgerRow>((entries) => this.recordOnce(entries), 100, refusedData);

  constructor(private readonly pool: Pool) {}

  async charge(request: { idempotencyKey: string; token: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    const outcome = simulatedOutcome(request.token, Number.POSITIVE_INFINITY);
    if (request.token !== 'tok_processingError') {
      const status = outcome === 'capture' ? 'SUCCEEDED' : 'DECLINED';
      return toResult(await this.ledger.submit({
        idempotencyKey: request.idempotencyKey, kind: 'CHARGE', token: request.token, chargeRef: null, amountCents: request.amountCents, currency: request.currency,
        status, providerRef: `ch_${randomBytes(12).toString('hex')}`,
      }));
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
    return toResult(await this.ledger.submit({
      idempotencyKey: request.idempotencyKey, kind: 'REFUND', token: null, chargeRef: request.chargeRef, amountCents: request.amountCents, currency: request.currency,
      status: 'SUCCEEDED', providerRef: `re_${randomBytes(12).toString('hex')}`,
    }));
  }

  async lookup(idempotencyKey: string): Promise<ProviderResult | undefined> {
    const row = await runOne(this.pool, FIND, [idempotencyKey]);
    return row ? toResult(row) : undefined;
  }

  async cancel(request: { idempotencyKey: string; amountCents: number; currency: string }): Promise<ProviderResult> {
    const cancelled = await runOne(this.pool, CANCEL, [request.idempotencyKey, request.amountCents, request.currency, `cx_${randomBytes(12).toString('hex')}`]);
    if (cancelled) return toResult(cancelled);
    // The key was taken first: by the charge itself, or by an earlier cancellation.
    return toResult((await runOne(this.pool, FIND, [request.idempotencyKey]))!);
  }

  /** Records each entry once; per entry, in order, the ledger's row for its key (the first call's result). */
  private async recordOnce(entries: LedgerEntry[]): Promise<LedgerRow[]> {
    const rows = await run(this.pool, RECORD_ONCE, [
      entries.map((entry) => entry.idempotencyKey), entries.map((entry) => entry.kind), entries.map((entry) => entry.token), entries.map((entry) => entry.chargeRef),
      entries.map((entry) => entry.amountCents), entries.map((entry) => entry.currency), entries.map((entry) => entry.status), entries.map((entry) => entry.providerRef),
    ]);
    const byKey = new Map(rows.map((row) => [row.idempotency_key, row]));
    return entries.map((entry) => byKey.get(entry.idempotencyKey)!);
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
