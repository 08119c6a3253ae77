import type { OrderEventBase } from '@shop/contracts';
import { EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import { readJsonFile, writeFileAtomic } from '../../shared/atomic-file';
import { announced, backoffMs } from '../../shared/kafka-headers';
import { GroupWorker } from '../../shared/group-worker';
import { PublishedContracts } from '../../shared/published-contracts';
import type { WorkerConfig } from './config';
import { HandledEvents } from './handled-events';
import { FatalApiError, OrdersApi, TransientApiError } from './orders-api';
import { OrderEventView, planShipments } from './ship-plan';

export interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Counters for operators and tests. */
export interface WorkerStats {
  shipped: number;
  alreadyMoved: number;
  notFound: number;
  skipped: number;
  rejected: number;
  retries: number;
}

/**
 * Ships a merchant's orders as soon as they are CONFIRMED. Reads `shop.order` in a consumer group, one
 * partition batch at a time: plans the batch (ship-plan.ts), calls the public API for each order to ship,
 * remembers the handled event ids (a JSON file, replaced atomically), and only then commits the batch's offsets.
 * A crash anywhere redelivers the uncommitted batch; remembered ids and the API's `expectedFrom` check make the
 * replay harmless. Transient API failures are retried with backoff without committing; a fatal one stops the
 * worker with the batch uncommitted.
 */
export class FulfillmentWorker {
  readonly stats: WorkerStats = { shipped: 0, alreadyMoved: 0, notFound: 0, skipped: 0, rejected: 0, retries: 0 };
  private readonly handled: HandledEvents;
  private readonly api: OrdersApi;
  private readonly group: GroupWorker;
  /** Settles when the worker stopped: rejects with the fatal error that stopped it, if any. */
  readonly stopped: Promise<void>;

  constructor(
    private readonly config: WorkerConfig,
    private readonly log: WorkerLog,
    private readonly contracts = PublishedContracts.load(),
  ) {
    this.handled = new HandledEvents(readJsonFile<string[]>(config.stateFile, []));
    this.api = new OrdersApi({ baseUrl: config.apiUrl, token: config.apiToken });
    this.group = new GroupWorker(log);
    this.stopped = this.group.stopped;
  }

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: `fulfillment-worker-${this.config.merchantId}`, brokers: this.config.brokers, logLevel: logLevel.WARN });
    // A new group starts at the beginning: confirmations published before the first start are shipped too.
    await this.group.run(kafka, { groupId: this.config.groupId, topic: this.config.topic }, (payload) => this.handleBatch(payload));
    this.log.info('fulfillment worker started', { topic: this.config.topic, group: this.config.groupId, merchantId: this.config.merchantId });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const canContinue = () => isRunning() && !isStale() && !this.group.isStopping;
    const events: OrderEventView[] = [];
    for (const message of batch.messages) {
      // A version this copy of the schemas does not know (say a v2 published next to v1) is skipped unparsed.
      const { type, version } = announced(message.headers);
      if (type && version && !this.contracts.has(type, version)) {
        this.stats.skipped++;
        continue;
      }
      const read = this.contracts.read(message.value);
      if (!read.ok) {
        // Not ours to fix: the order still shows up in the fulfillment queue API for a person to handle.
        if (read.reason === 'unknown-contract') this.stats.skipped++;
        else {
          this.stats.rejected++;
          this.log.error('message violates the published contract; skipped', { partition: batch.partition, offset: message.offset, error: read.error });
        }
        continue;
      }
      if (read.envelope.aggregateType !== 'order') continue;
      const payload = read.envelope.payload as OrderEventBase;
      events.push({ eventId: read.envelope.eventId, orderId: payload.orderId, merchantId: payload.merchantId, toStatus: payload.toStatus });
    }

    const plan = planShipments(events, this.config.merchantId, (eventId) => this.handled.has(eventId));
    for (const { eventId } of plan.settled) this.handled.add(eventId);
    this.stats.skipped += plan.settled.length;
    for (const shipment of plan.ship) {
      const outcome = await this.shipWithRetry(shipment.orderId, canContinue);
      if (outcome === 'stopped') return; // leave the batch uncommitted: it is redelivered to whoever gets the partition
      if (outcome === 'shipped') this.stats.shipped++;
      else if (outcome === 'not-confirmed-anymore') this.stats.alreadyMoved++;
      else this.stats.notFound++;
      this.log.info(`order ${shipment.orderId}: ${outcome}`, { eventId: shipment.eventId });
      this.handled.add(shipment.eventId);
      this.saveHandled();
      await heartbeat();
    }
    this.saveHandled();
    // resolveOffset moves this consumer's fetch position; commitOffsets makes it the group's.
    const last = batch.lastOffset();
    resolveOffset(last);
    await this.group.commit(batch.topic, batch.partition, BigInt(last) + 1n);
  }

  private async shipWithRetry(orderId: string, canContinue: () => boolean) {
    for (let attempt = 1; canContinue(); attempt++) {
      try {
        return await this.api.ship(orderId, `shipped by fulfillment-worker for merchant ${this.config.merchantId}`);
      } catch (error) {
        if (error instanceof FatalApiError) {
          this.group.fail(error);
          return 'stopped' as const;
        }
        if (!(error instanceof TransientApiError)) throw error;
        this.stats.retries++;
        this.log.warn(`order ${orderId}: ${error.message}; retrying`, { attempt });
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      }
    }
    return 'stopped' as const;
  }

  private saveHandled(): void {
    writeFileAtomic(this.config.stateFile, JSON.stringify(this.handled));
  }

  /** Finishes or abandons the batch in flight (uncommitted), leaves the group and settles `stopped`. */
  stop(): Promise<void> {
    return this.group.stop();
  }
}
