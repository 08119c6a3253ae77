import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEnvelope, OrderCancelledV1Contract, OrderConfirmedV1Contract, newEvent, validateEnvelope } from '@shop/contracts';
import type { Kafka } from 'kafkajs';
import {
  committedCount, contractsFailingOnce, createTopic, deleteTopic, describeKafka, eventually, publish, publishRaw, quietKafka, settledWithin, uniqueName,
} from '../../shared/kafka-test-support';
import type { WorkerConfig } from '../src/config';
import { FulfillmentWorker, WorkerLog } from '../src/fulfillment-worker';
import type { PublishedContracts } from '../../shared/published-contracts';
import { FakeOrdersApi } from './fake-orders-api';

jest.setTimeout(90_000);

const MERCHANT = '7';
const TOKEN = 'fulfillment-token-7';
const context = { correlationId: 'it-fulfillment', causationId: 'it-fulfillment' };
const base = (orderId: string, merchantId: string, fromStatus: 'PENDING' | 'CONFIRMED', toStatus: 'CONFIRMED' | 'CANCELLED') => ({ orderId, merchantId, actor: 'system:test', fromStatus, toStatus, reason: null });

/** Envelopes as the orders service writes them, checked against the registry before they go out. */
function confirmed(orderId: string, merchantId = MERCHANT, sequence = 4): EventEnvelope {
  const event = newEvent(OrderConfirmedV1Contract, orderId, { ...base(orderId, merchantId, 'PENDING', 'CONFIRMED'), paymentId: '1', amountCents: 2500, currency: 'USD' }, context);
  return validateEnvelope({ ...event, sequence });
}
function cancelled(orderId: string, sequence = 5): EventEnvelope {
  const event = newEvent(OrderCancelledV1Contract, orderId, { ...base(orderId, MERCHANT, 'CONFIRMED', 'CANCELLED'), refundRequired: true }, context);
  return validateEnvelope({ ...event, sequence });
}

describeKafka('fulfillment worker against real Kafka', (brokers) => {
  const kafka: Kafka = quietKafka(brokers);
  const topic = uniqueName('shop.order.it');
  const group = uniqueName('fulfillment-worker-it');
  const dir = mkdtempSync(join(tmpdir(), 'fulfillment-worker-'));
  const stateFile = join(dir, 'handled.json');
  const api = new FakeOrdersApi(TOKEN, MERCHANT);
  const errors: string[] = [];
  const log: WorkerLog = { info: () => undefined, warn: () => undefined, error: (message) => void errors.push(message) };
  let apiUrl = '';
  const workers: FulfillmentWorker[] = [];

  const config = (overrides: Partial<WorkerConfig> = {}): WorkerConfig => ({ brokers, topic, groupId: group, merchantId: MERCHANT, apiUrl, apiToken: TOKEN, stateFile, ...overrides });
  async function started(overrides: Partial<WorkerConfig> = {}, contracts?: PublishedContracts): Promise<FulfillmentWorker> {
    const worker = new FulfillmentWorker(config(overrides), log, contracts);
    workers.push(worker);
    await worker.start();
    return worker;
  }
  async function topicSize(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }
  const caughtUp = (groupId = group) => eventually(`group ${groupId} to commit every message`, async () => (await committedCount(kafka, groupId, topic)) === (await topicSize()));

  beforeAll(async () => {
    await createTopic(kafka, topic);
    apiUrl = await api.start();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
  });
  afterAll(async () => {
    await api.stop();
    await deleteTopic(kafka, topic);
    rmSync(dir, { recursive: true, force: true });
  });

  const orderA = confirmed('101');
  it('ships its merchant\'s confirmed orders once, and nothing else', async () => {
    api.statuses.set('101', { status: 'CONFIRMED', merchantId: MERCHANT });
    api.statuses.set('102', { status: 'CONFIRMED', merchantId: '8' });
    api.statuses.set('103', { status: 'CANCELLED', merchantId: MERCHANT });
    await publish(kafka, topic, [
      orderA,
      confirmed('102', '8'), // another merchant's
      confirmed('103'),
      cancelled('103'), // cancelled right after: must not ship
      orderA, // the relay's at-least-once: the same event again
    ]);
    await publishRaw(kafka, topic, '104', '{"not": "an envelope"'); // poison: logged, skipped, never blocks
    const worker = await started();
    await caughtUp();

    expect(api.callsFor('101')).toEqual([{ orderId: '101', authorization: `Bearer ${TOKEN}`, body: expect.objectContaining({ to: 'SHIPPED', expectedFrom: 'CONFIRMED' }), status: 200 }]);
    expect(api.statuses.get('101')!.status).toBe('SHIPPED');
    expect(api.callsFor('102')).toEqual([]);
    // Cancelled in the same batch: no call; in a later batch: the API's 409. Either way it stays cancelled.
    expect(api.callsFor('103').every((call) => call.status === 409)).toBe(true);
    expect(api.statuses.get('103')!.status).toBe('CANCELLED');
    expect(worker.stats).toMatchObject({ shipped: 1, rejected: 1 });
    expect(errors).toEqual([expect.stringMatching(/violates the published contract/)]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toContain(orderA.eventId);
  });

  it('does not commit past an order the API cannot ship yet, and ships it after a restart', async () => {
    api.statuses.set('105', { status: 'CONFIRMED', merchantId: MERCHANT });
    api.failures.set('105', 503);
    const before = await committedCount(kafka, group, topic);
    await publish(kafka, topic, [confirmed('105')]);
    const first = await started();
    await eventually('two retries of order 105', () => first.stats.retries >= 2);
    expect(await committedCount(kafka, group, topic)).toBe(before);
    await first.stop();

    api.failures.delete('105');
    const second = await started();
    await caughtUp();
    expect(api.callsFor('105').map((call) => call.status)).toEqual([...api.callsFor('105').slice(0, -1).map(() => 503), 200]);
    expect(second.stats.shipped).toBe(1);
    expect(api.callsFor('101')).toHaveLength(1);
  });

  it('a new group with the same memory replays the topic without shipping anything again', async () => {
    const calls = api.calls.length;
    const replay = uniqueName('fulfillment-worker-replay');
    const worker = await started({ groupId: replay });
    await caughtUp(replay);
    expect(api.calls.length).toBe(calls);
    expect(worker.stats.shipped).toBe(0);
  });

  it('stops when kafkajs gives up on its consumer, and a fresh start ships what it left', async () => {
    const single = uniqueName('shop.order.it-crash');
    await createTopic(kafka, single, 1);
    api.statuses.set('301', { status: 'CONFIRMED', merchantId: MERCHANT });
    await publish(kafka, single, [confirmed('301')]);
    // Without a stop the worker would idle on after the crash, reading nothing, with `stopped` never settling.
    const fresh = uniqueName('fulfillment-worker-crash');
    const crashState = join(dir, 'crash.json');
    const worker = await started({ topic: single, groupId: fresh, stateFile: crashState }, contractsFailingOnce());
    await expect(settledWithin(worker.stopped, 30_000, 'the worker')).rejects.toThrow(/stopped for good.*injected: not retriable/);
    expect(await committedCount(kafka, fresh, single)).toBe(0);
    expect(api.statuses.get('301')!.status).toBe('CONFIRMED');

    const again = await started({ topic: single, groupId: fresh, stateFile: crashState });
    await eventually('the restarted worker to ship order 301', async () => api.statuses.get('301')!.status === 'SHIPPED');
    expect(again.stats.shipped).toBe(1);
    await deleteTopic(kafka, single);
  });

  it('stops on a rejected token without committing', async () => {
    const single = uniqueName('shop.order.it-badtoken');
    await createTopic(kafka, single, 1);
    api.statuses.set('201', { status: 'CONFIRMED', merchantId: MERCHANT });
    await publish(kafka, single, [confirmed('201')]);
    const fresh = uniqueName('fulfillment-worker-badtoken');
    const worker = await started({ topic: single, groupId: fresh, apiToken: 'expired', stateFile: join(dir, 'fresh.json') });
    await expect(worker.stopped).rejects.toThrow(/401/);
    expect(await committedCount(kafka, fresh, single)).toBe(0);
    expect(api.statuses.get('201')!.status).toBe('CONFIRMED');
    await deleteTopic(kafka, single);
  });
});
