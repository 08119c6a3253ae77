jest.setTimeout(900_000);

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { signJwt } from '@shop/service-kit';
import { TEST_JWT_SECRET, kafkaAvailability, uniqueName, waitFor } from '@shop/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { runInvariantChecks } from '../../tools/invariants/run-checks';
import { startEmbeddedPlatform } from './support/embedded-platform';

const LOAD_SECONDS = Number(process.env.CHAOS_SECONDS ?? 45);
const RATE_PER_SECOND = Number(process.env.CHAOS_RATE ?? 15);
const TOKENS = ['tok_visa', 'tok_visa', 'tok_visa', 'tok_processingError', 'tok_chargeDeclined'];

/** Reads up to `limit` messages of a topic from the start with a throwaway group and produces them again. */
async function republish(brokers: string[], topic: string, limit: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'chaos-duplicates', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `chaos-dup-${randomUUID()}` });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  const copies: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => {
      if (copies.length < limit) copies.push({ key: message.key, value: message.value, headers: message.headers });
    } });
    await waitFor('messages to copy', async () => (copies.length >= Math.min(limit, 20) ? true : undefined), 15_000, 100).catch(() => undefined);
    await consumer.stop();
    if (copies.length > 0) await producer.send({ topic, messages: copies.map((copy) => ({ key: copy.key, value: copy.value, headers: copy.headers as never })) });
    return copies.length;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

async function api(base: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const modes = [{ mode: 'postgres' as const, run: true }, { mode: 'kafka' as const, run: kafkaAvailability().available }];

for (const { mode, run } of modes) {
  (run ? describe : describe.skip)(`chaos (BUS=${mode}): kill everything in turn under load, lose nothing`, () => {
    it('ends with every accepted order terminal and every invariant holding', async () => {
      const marker = join(repoRoot(), '.data', `chaos-provider-kill-${randomUUID()}`);
      const platform = await startEmbeddedPlatform({
        BUS: mode, RESERVATION_TTL_SECONDS: '8', SAGA_SWEEP_MS: '250', PAYMENT_RECONCILE_MS: '500', FAULT_KILL_AFTER_PROVIDER_CALL: marker,
        ...(mode === 'kafka' ? { KAFKA_BROKERS: kafkaAvailability().brokers.join(',') } : {}),
      });
      const counts = { orders: 0, rejected: 0, kills: 0, postgresRestarts: 0, brokerRestarts: 0, duplicatesInjected: 0, violations: 0 };
      try {
        const gateway = platform.runtime().gateway;
        const admin = signJwt({ sub: 'chaos', role: 'admin' }, TEST_JWT_SECRET);
        const product = await api(gateway, 'POST', '/v1/products', admin, { merchantId: '9', name: 'Chaos monkey' });
        const skus: string[] = [];
        for (let index = 0; index < 5; index++) {
          skus.push((await api(gateway, 'POST', '/v1/skus', admin, { productId: product.body.id, skuCode: `CH-${uniqueName()}`, priceCents: 500 + index, currency: 'USD', inventoryCount: 400 })).body.id);
        }
        const customers: { id: string; addressId: string; token: string }[] = [];
        for (let index = 0; index < 10; index++) {
          const customer = (await api(gateway, 'POST', '/v1/customers', admin, { email: `chaos-${uniqueName()}@example.com`, fullName: 'Chaos' })).body;
          const address = (await api(gateway, 'POST', `/v1/customers/${customer.id}/addresses`, admin, { line1: 'x', city: 'y', postalCode: '1', countryCode: 'US' })).body;
          customers.push({ id: customer.id, addressId: address.id, token: signJwt({ sub: customer.id, role: 'customer' }, TEST_JWT_SECRET) });
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));

        const accepted: string[] = [];
        const stopAt = Date.now() + LOAD_SECONDS * 1000;
        const load = (async () => {
          for (let index = 0; Date.now() < stopAt; index++) {
            const customer = customers[index % customers.length];
            const body = { customerId: customer.id, shippingAddressId: customer.addressId, items: [{ skuId: skus[index % skus.length], quantity: 1 + (index % 3) }], payment: { token: TOKENS[index % TOKENS.length] } };
            void api(platform.runtime().gateway, 'POST', '/v1/orders', customer.token, body, { 'idempotency-key': randomUUID() })
              .then((response) => (response.status === 202 ? accepted.push(response.body.id) : counts.rejected++))
              .catch(() => counts.rejected++);
            await new Promise((resolve) => setTimeout(resolve, 1000 / RATE_PER_SECOND));
          }
        })();

        const victims = ['orders', 'inventory', 'payments', 'projections', 'gateway'];
        const chaos = (async () => {
          for (let round = 0; Date.now() < stopAt - 5_000; round++) {
            await new Promise((resolve) => setTimeout(resolve, 2_000 + Math.random() * 2_000));
            const runtime = platform.runtime();
            if (round === 3) {
              process.kill(runtime.supervisorPid, 'SIGUSR2');
              counts.postgresRestarts++;
              continue;
            }
            if (round === 5 && mode === 'kafka') {
              // Duplicates: publish again messages every group has already handled; the inboxes must absorb them.
              counts.duplicatesInjected += await republish(kafkaAvailability().brokers, `${platform.namespace}.order`, 200);
              continue;
            }
            if (round === 5) {
              // Duplicates: rewind consumer groups' checkpoints, then kill their services, so they redeliver what
              // they already handled: inventory's inbox must absorb them, and the projections (no inbox: their
              // statements are idempotent) must change nothing.
              const db = new Client({ connectionString: runtime.adminUrl });
              await db.connect().catch(() => undefined);
              const rewound = await db.query(`UPDATE inventory.consumer_checkpoints SET last_txid = '0', last_id = 0 WHERE consumer_group = 'inventory'`).catch(() => ({ rowCount: 0 }));
              const before = await db.query(`SELECT count(*)::int AS n FROM inventory.inbox`).catch(() => ({ rows: [{ n: 0 }] }));
              const projections = await db.query(`UPDATE readmodels.consumer_checkpoints SET last_txid = '0', last_id = 0`).catch(() => ({ rowCount: 0 }));
              const timeline = await db.query(`SELECT count(*)::int AS n FROM readmodels.order_timeline`).catch(() => ({ rows: [{ n: 0 }] }));
              await db.end().catch(() => undefined);
              if (rewound.rowCount) counts.duplicatesInjected += before.rows[0].n;
              if (projections.rowCount) counts.duplicatesInjected += timeline.rows[0].n;
              for (const service of ['inventory', 'projections'] as const) {
                const pid = runtime.pids[service];
                if (pid) process.kill(pid, 'SIGKILL');
                counts.kills++;
              }
              continue;
            }
            if (mode === 'kafka' && round === 7) {
              execFileSync('bash', [join(repoRoot(), 'infra/kafka/kafka-restart.sh'), 'broker'], { stdio: 'inherit' });
              counts.brokerRestarts++;
              continue;
            }
            if (mode === 'kafka' && round === 9) {
              execFileSync('bash', [join(repoRoot(), 'infra/kafka/kafka-restart.sh'), 'connect'], { stdio: 'inherit' });
              counts.brokerRestarts++;
              continue;
            }
            const victim = victims[round % victims.length];
            const pid = runtime.pids[victim];
            if (pid) {
              try {
                process.kill(pid, 'SIGKILL');
                counts.kills++;
              } catch {
                /* already restarting */
              }
            }
          }
        })();
        await Promise.all([load, chaos]);
        counts.orders = accepted.length;

        // Drain: every accepted order leaves PENDING (paid, declined-then-expired, or out of stock).
        const db = new Client({ connectionString: platform.runtime().adminUrl });
        await waitFor('the platform to answer again', async () => (await db.connect().then(() => true).catch(() => undefined)), 60_000, 500);
        await waitFor('every accepted order to settle', async () => {
          const { rows } = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::bigint[]) AND status = 'PENDING'`, [accepted]);
          return rows[0].n === 0 ? true : undefined;
        }, 180_000, 1_000);
        // Fulfillment ships and delivers what was paid, so every order ends terminal.
        const merchant = signJwt({ sub: 'chaos-merchant', role: 'merchant', merchantId: '9' }, TEST_JWT_SECRET);
        const { rows: confirmed } = await db.query(`SELECT id FROM orders.orders WHERE id = ANY($1::bigint[]) AND status = 'CONFIRMED'`, [accepted]);
        for (const { id } of confirmed) {
          for (const to of ['SHIPPED', 'DELIVERED']) {
            await waitFor(`order ${id} to become ${to}`, async () => ((await api(platform.runtime().gateway, 'POST', `/v1/orders/${id}/transitions`, merchant, { to }).catch(() => ({ status: 0 }))).status === 200 ? true : undefined), 30_000, 200);
          }
        }
        const { rows: open } = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::bigint[]) AND status NOT IN ('DELIVERED', 'CANCELLED')`, [accepted]);
        expect(open[0].n).toBe(0);

        // Let consumers and projections catch up, then the invariant checker has the last word.
        let results = await runInvariantChecks(platform.runtime().adminUrl, 0);
        await waitFor('every invariant to hold', async () => {
          results = await runInvariantChecks(platform.runtime().adminUrl, 0);
          return results.every((result) => result.violations === 0) ? true : undefined;
        }, 120_000, 2_000).catch(() => undefined);
        counts.violations = results.reduce((sum, result) => sum + result.violations, 0);
        const providerKill = existsSync(marker);
        if (providerKill) counts.kills++;
        await db.end();
        console.log(`chaos (${mode}): ${JSON.stringify({ ...counts, killedBetweenProviderCallAndRecord: providerKill })}\n${results.filter((result) => result.violations > 0).map((result) => `${result.name}: ${JSON.stringify(result.examples)}`).join('\n')}`);
        expect(results.filter((result) => result.violations > 0)).toEqual([]);
        // Enough accepted orders for the kills to land mid-saga; the exact count depends on how fast this machine is.
        expect(counts.orders).toBeGreaterThan(100);
        expect(counts.kills).toBeGreaterThanOrEqual(5);
        expect(providerKill).toBe(true);
        expect(counts.duplicatesInjected).toBeGreaterThan(0);
      } finally {
        await platform.stop();
      }
    });
  });
}
