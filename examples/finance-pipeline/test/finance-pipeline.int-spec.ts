import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventEnvelope, PaymentCapturedV1Contract, PaymentCapturedV2Contract, PaymentDeclinedByProviderV1Contract, PaymentRefundedV1Contract,
  downcastPaymentCapturedV2ToV1, newEvent, validateEnvelope,
} from '@shop/contracts';
import {
  committedCount, contractsFailingOnce, createTopic, deleteTopic, describeKafka, eventually, publish, publishRaw, quietKafka, settledWithin, uniqueName,
} from '../../shared/kafka-test-support';
import type { PublishedContracts } from '../../shared/published-contracts';
import type { PipelineConfig } from '../src/config';
import { FinancePipeline, PipelineLog } from '../src/finance-pipeline';
import { reconcile } from '../src/ledger';
import { LedgerStore } from '../src/ledger-store';

jest.setTimeout(90_000);

const context = { correlationId: 'it-finance', causationId: 'it-finance' };
const at = '2030-03-01T10:00:00.000Z';
let sequence = 0;
const valid = (event: EventEnvelope) => validateEnvelope({ ...event, sequence: ++sequence });

/** What the payments service publishes for one capture during the deprecation window: v2 and its v1 twin. */
function capture(orderId: string, paymentId: string, merchantId: string, minorUnits: string, currency: string): EventEnvelope[] {
  const v2 = { orderId, paymentId, merchantId, attempt: 1, amount: { minorUnits, currency }, method: 'card', provider: 'simulated', providerRef: `ch_${paymentId}`, capturedAt: at };
  const events = [valid(newEvent(PaymentCapturedV2Contract, orderId, v2, context))];
  const v1 = downcastPaymentCapturedV2ToV1(v2);
  if (v1.ok) events.unshift(valid(newEvent(PaymentCapturedV1Contract, orderId, v1.value, context)));
  return events;
}
function refund(orderId: string, paymentId: string, refundId: string, merchantId: string, amountCents: number, currency: string): EventEnvelope {
  return valid(newEvent(PaymentRefundedV1Contract, orderId, { orderId, paymentId, refundId, merchantId, amountCents, currency, capturedAt: at, refundedAt: at }, context));
}

describeKafka('finance pipeline against real Kafka', (brokers) => {
  const kafka = quietKafka(brokers);
  const topic = uniqueName('shop.payment.it');
  const group = uniqueName('finance-pipeline-it');
  const dir = mkdtempSync(join(tmpdir(), 'finance-pipeline-'));
  const ledgerDir = join(dir, 'ledger');
  const log: PipelineLog = { info: () => undefined, error: () => undefined };
  const running: FinancePipeline[] = [];
  const config = (overrides: Partial<PipelineConfig> = {}): PipelineConfig => ({ brokers, topic, groupId: group, ledgerDir, ...overrides });

  async function start(overrides: Partial<PipelineConfig> = {}, beforeCommitPoint?: () => void, contracts?: PublishedContracts): Promise<{ pipeline: FinancePipeline; store: LedgerStore }> {
    const options = config(overrides);
    const store = LedgerStore.open(options.ledgerDir, options.topic, { beforeCommitPoint });
    const pipeline = new FinancePipeline(options, store, log, contracts);
    running.push(pipeline);
    await pipeline.start();
    return { pipeline, store };
  }
  async function topicSize(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }
  const caughtUp = (groupId = group) => eventually(`${groupId} to commit every message`, async () => (await committedCount(kafka, groupId, topic)) === (await topicSize()));
  const committed = () => LedgerStore.open(ledgerDir, topic, { readOnly: true });
  const summary = () => committed().readLines().map((line) => `${line.key} ${line.merchantId}/${line.currency} ${line.deltaMinor} -> ${line.balanceMinor}`);

  beforeAll(() => createTopic(kafka, topic));
  afterEach(async () => {
    for (const pipeline of running.splice(0)) await pipeline.stop();
  });
  afterAll(async () => {
    await deleteTopic(kafka, topic);
    rmSync(dir, { recursive: true, force: true });
  });

  const redelivered = capture('43', '8', '4', '2000', 'USD');
  it('records each capture and refund once, with exact running balances per merchant and currency', async () => {
    await publish(kafka, topic, [
      ...capture('41', '7', '3', '1500', 'USD'), // v1 + v2 twins: one movement
      refund('41', '7', '9', '3', 500, 'USD'),
      ...capture('42', '10', '3', '90071992547409930001', 'EUR'), // above 2^53: v2 only (no v1 can carry it)
      ...redelivered,
      redelivered[0], // the relay published it again after a crash
      valid(newEvent(PaymentDeclinedByProviderV1Contract, '44', { orderId: '44', paymentId: '11', merchantId: '3', attempt: 1, reason: 'card declined' }, context)),
    ]);
    const poison = { ...capture('45', '12', '3', '100', 'USD')[0] };
    await publishRaw(kafka, topic, '45', JSON.stringify({ ...poison, payload: { ...(poison.payload as object), amountCents: -100 } }));
    const { pipeline } = await start();
    await caughtUp();

    expect(summary().sort()).toEqual([
      'capture:10 3/EUR 90071992547409930001 -> 90071992547409930001',
      'capture:7 3/USD 1500 -> 1500',
      'capture:8 4/USD 2000 -> 2000',
      'refund:9 3/USD -500 -> 1000',
    ]);
    expect(pipeline.stats).toMatchObject({ recorded: 4, twins: 2, redelivered: 1, rejected: 1, skipped: 1 });
    const store = committed();
    expect(store.state.ledger.balances).toEqual({ '3/USD': '1000', '3/EUR': '90071992547409930001', '4/USD': '2000' });
    expect(store.state.rejected).toEqual([expect.objectContaining({ error: expect.stringMatching(/payments.payment-captured v1/) })]);
    expect(reconcile(store.readLines()).problems).toEqual([]);
  });

  it('after a restart it continues exactly where the ledger ends', async () => {
    const before = summary();
    await publish(kafka, topic, capture('46', '13', '3', '250', 'USD'));
    const { pipeline } = await start();
    await caughtUp();
    expect(summary()).toEqual([...before, 'capture:13 3/USD 250 -> 1250']);
    expect(pipeline.stats.recorded).toBe(1);
  });

  it('a crash between writing lines and committing them leaves no trace: the lines are cut and redone once', async () => {
    const before = summary();
    const committedBytes = committed().state.ledgerBytes;
    await publish(kafka, topic, [refund('46', '13', '14', '3', 250, 'USD')]);
    const { pipeline } = await start({}, () => {
      throw new Error('killed before the commit point');
    });
    await expect(pipeline.stopped).rejects.toThrow(/killed before the commit point/);
    // The line reached the file, but state.json (the commit point) does not cover it.
    expect(statSync(join(ledgerDir, 'ledger.jsonl')).size).toBeGreaterThan(committedBytes);
    expect(committed().state.ledgerBytes).toBe(committedBytes);

    await start();
    await caughtUp();
    expect(summary()).toEqual([...before, 'refund:14 3/USD -250 -> 1000']);
    expect(reconcile(committed().readLines()).problems).toEqual([]);
  });

  it('with its Kafka offsets lost, the ledger file still says where to resume', async () => {
    const before = summary();
    const amnesiac = uniqueName('finance-pipeline-new-group');
    const { pipeline } = await start({ groupId: amnesiac });
    await caughtUp(amnesiac);
    expect(summary()).toEqual(before);
    expect(pipeline.stats.recorded).toBe(0);
    expect(pipeline.stats.alreadyCommitted).toBe(await topicSize());
  });

  it('refuses an empty ledger for a group that already consumed the topic', async () => {
    await expect(start({ ledgerDir: join(dir, 'empty') })).rejects.toThrow(/already consumed .* but the ledger is empty/);
  });
  it('stops when kafkajs gives up on its consumer, and a fresh start records what it left', async () => {
    const single = uniqueName('shop.payment.it-crash');
    await createTopic(kafka, single, 1);
    await publish(kafka, single, capture('61', '21', '9', '1500', 'USD'));
    const crashGroup = uniqueName('finance-pipeline-crash');
    const crashLedger = join(dir, 'crash-ledger');
    const { pipeline } = await start({ topic: single, groupId: crashGroup, ledgerDir: crashLedger }, undefined, contractsFailingOnce());
    // Without a stop the pipeline would idle on after the crash, reading nothing, with `stopped` never settling.
    await expect(settledWithin(pipeline.stopped, 30_000, 'the pipeline')).rejects.toThrow(/stopped for good.*injected: not retriable/);
    expect(await committedCount(kafka, crashGroup, single)).toBe(0);

    await start({ topic: single, groupId: crashGroup, ledgerDir: crashLedger });
    await eventually('the restarted pipeline to commit the capture', async () => (await committedCount(kafka, crashGroup, single)) === 2);
    expect(LedgerStore.open(crashLedger, single, { readOnly: true }).readLines().map((line) => `${line.merchantId}/${line.currency} ${line.deltaMinor}`)).toEqual(['9/USD 1500']);
    await deleteTopic(kafka, single);
  });
});
