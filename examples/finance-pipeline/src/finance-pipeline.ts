import { EachBatchPayload, Kafka, logLevel } from 'kafkajs';
import { announced } from '../../shared/kafka-headers';
import { GroupWorker } from '../../shared/group-worker';
import { PublishedContracts } from '../../shared/published-contracts';
import type { PipelineConfig } from './config';
import { Ledger, LedgerLine } from './ledger';
import { LedgerStore, RejectedMessage } from './ledger-store';
import { MONEY_EVENTS, movementOf } from './movements';

export interface PipelineLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface PipelineStats {
  recorded: number;
  /** The other version of a capture already recorded (dual publishing). */
  twins: number;
  redelivered: number;
  /** Declines and versions this copy of the schemas does not know. */
  skipped: number;
  rejected: number;
  /** Messages below the committed position that Kafka delivered again. */
  alreadyCommitted: number;
}

/**
 * Turns shop.payment into a reconciled ledger: one line per capture or refund with the merchant's running
 * balance in that currency. The ledger file and the offsets it covers commit together (ledger-store.ts), so the
 * file, not Kafka, says where to resume; Kafka's committed offsets follow it for lag monitoring and never get
 * ahead of it. Captures are keyed by payment and refunds by refund, so the v1 and v2 twins of one capture
 * published during a deprecation window count once.
 */
export class FinancePipeline {
  readonly stats: PipelineStats = { recorded: 0, twins: 0, redelivered: 0, skipped: 0, rejected: 0, alreadyCommitted: 0 };
  private ledger: Ledger;
  private readonly group: GroupWorker;
  /** Settles when the pipeline stopped: rejects with the error that stopped it, if any. */
  readonly stopped: Promise<void>;

  constructor(
    private readonly config: PipelineConfig,
    private readonly store: LedgerStore,
    private readonly log: PipelineLog,
    private readonly contracts = PublishedContracts.load(),
  ) {
    this.ledger = new Ledger(store.state.ledger);
    this.group = new GroupWorker(log);
    this.stopped = this.group.stopped;
  }

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'finance-pipeline', brokers: this.config.brokers, logLevel: logLevel.WARN });
    if (this.store.fresh) await this.refuseGroupWithHistory(kafka);
    // One partition batch at a time (kafkajs' default): each batch commits the store on its own.
    await this.group.run(kafka, { groupId: this.config.groupId, topic: this.config.topic }, (payload) => this.handleBatch(payload));
    this.log.info('finance pipeline started', { topic: this.config.topic, group: this.config.groupId, lines: this.store.state.ledger.lines });
  }

  /** An empty ledger with a group that already consumed the topic would silently miss that history. */
  private async refuseGroupWithHistory(kafka: Kafka): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: this.config.groupId, topics: [this.config.topic] });
      if (committed?.partitions.some((partition) => BigInt(partition.offset) >= 0n)) {
        throw new Error(`group ${this.config.groupId} already consumed ${this.config.topic} but the ledger is empty: use a new GROUP_ID, or restore LEDGER_DIR`);
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.group.isStopping || batch.isEmpty()) return;
    const from = this.store.nextOffset(batch.partition);
    const lines: LedgerLine[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of batch.messages) {
      if (BigInt(message.offset) < from) {
        this.stats.alreadyCommitted++;
        continue;
      }
      // The headers say what is inside: declines (and versions we lack schemas for) are skipped unparsed.
      const { type, version } = announced(message.headers);
      if (type && version && !MONEY_EVENTS.has(`${type}@${version}`)) {
        this.stats.skipped++;
        continue;
      }
      const read = this.contracts.read(message.value);
      if (!read.ok) {
        if (read.reason === 'unknown-contract') this.stats.skipped++;
        else {
          this.stats.rejected++;
          rejected.push({ partition: batch.partition, offset: message.offset, error: read.error.slice(0, 500) });
          this.log.error('message violates the published contract; kept in state.json rejected', { partition: batch.partition, offset: message.offset, error: read.error });
        }
        continue;
      }
      const movement = movementOf(read.envelope);
      if (!movement) {
        this.stats.skipped++;
        continue;
      }
      const result = this.ledger.apply(movement);
      if ('recorded' in result) {
        lines.push(result.recorded);
        this.stats.recorded++;
      } else if (result.duplicate === 'twin') this.stats.twins++;
      else this.stats.redelivered++;
    }
    if (!isRunning() || isStale()) {
      // A rebalance or shutdown took the partition: commit nothing, forget what this batch applied.
      this.ledger = new Ledger(this.store.state.ledger);
      return;
    }
    const last = BigInt(batch.lastOffset());
    if (last >= from) {
      try {
        this.store.commit(batch.partition, last + 1n, lines, rejected, this.ledger.snapshot());
      } catch (error) {
        // The in-memory ledger is now ahead of the file; only a fresh start from the store is trustworthy.
        return this.group.fail(error as Error);
      }
    }
    resolveOffset(batch.lastOffset());
    await this.group.commit(batch.topic, batch.partition, last + 1n);
    await heartbeat();
  }

  /** Finishes the batch in flight, leaves the group and settles `stopped`. */
  stop(): Promise<void> {
    return this.group.stop();
  }
}
