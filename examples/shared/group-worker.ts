import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { onConsumerGivenUp } from './consumer-given-up';

/**
 * The life of a worker that reads one topic in a consumer group, committing offsets itself: started once,
 * stopped once (by its owner or by a fatal error), and `stopped` settles when it is over, rejecting with the error
 * that stopped it. Both example workers are one of these around their own batch handling.
 */
export class GroupWorker {
  private consumer?: Consumer;
  private stopping = false;
  private failure?: Error;
  private resolveStopped!: () => void;
  /** Settles when the worker stopped: rejects with the error that stopped it, if any. */
  readonly stopped: Promise<void>;

  constructor(private readonly log: { error(message: string): void }) {
    this.stopped = new Promise<void>((resolve) => (this.resolveStopped = resolve)).then(() => {
      if (this.failure) throw this.failure;
    });
    this.stopped.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  }

  /** True once a stop began: a batch in flight should end without committing more. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Joins `groupId` on `topic` (a new group starts at the beginning, so nothing published before the first start
   * is missed) and hands each partition batch to `eachBatch`, which resolves and commits offsets itself.
   */
  async run(kafka: Kafka, options: { groupId: string; topic: string }, eachBatch: (payload: EachBatchPayload) => Promise<void>): Promise<void> {
    this.consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 200 });
    onConsumerGivenUp(this.consumer, (error) => {
      if (!this.stopping) this.fail(error);
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  }

  /** Commits the group's position on one partition: the offset of the next message to read. */
  async commit(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    await this.consumer!.commitOffsets([{ topic, partition, offset: nextOffset.toString() }]);
  }

  /** Stops the worker because of `error`; `stopped` then rejects with it. */
  fail(error: Error): void {
    this.failure = error;
    this.log.error(`stopping: ${error.message}`);
    void this.stop();
  }

  /** Finishes or abandons the batch in flight (uncommitted), leaves the group and settles `stopped`. */
  async stop(): Promise<void> {
    if (this.stopping) return this.stopped.catch(() => undefined);
    this.stopping = true;
    await this.consumer?.disconnect();
    this.resolveStopped();
  }
}
