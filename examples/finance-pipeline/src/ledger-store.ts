import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../../shared/atomic-file';
import type { LedgerLine, LedgerSnapshot } from './ledger';

/** A message that failed its published schema: kept for an operator, never in the ledger. */
export interface RejectedMessage {
  partition: number;
  offset: string;
  error: string;
}

/** The pipeline's committed state: where the ledger file ends, where each partition resumes, the balances. */
export interface PipelineState {
  topic: string;
  /** Length of ledger.jsonl covered by this state; anything after it is from a batch that never committed. */
  ledgerBytes: number;
  /** Partition -> the next offset to process. */
  offsets: Record<string, string>;
  ledger: LedgerSnapshot;
  /** The most recent rejected messages (bounded). */
  rejected: RejectedMessage[];
}

const MAX_REJECTED = 1_000;

/**
 * The ledger file and the state that commits it, in one directory. A commit appends the batch's lines to
 * ledger.jsonl and flushes them, then atomically replaces state.json, which records the new file length
 * together with the Kafka offsets. state.json is the commit point: on open, lines past the recorded length
 * (a crash between the two steps) are cut off and their messages processed again from the recorded offsets.
 * So every message affects the ledger exactly once, however the process stops.
 */
export class LedgerStore {
  readonly ledgerFile: string;
  private readonly stateFile: string;

  private constructor(dir: string, private current: PipelineState, readonly fresh: boolean, private readonly beforeCommitPoint: () => void) {
    this.ledgerFile = join(dir, 'ledger.jsonl');
    this.stateFile = join(dir, 'state.json');
  }

  /**
   * @param options.readOnly for --verify next to a running pipeline: nothing is cut off, lines past the committed
   *   length are just not read
   * @param options.beforeCommitPoint runs after the lines are written and before state.json is replaced (the
   *   tests use it to stop the process at the worst moment)
   */
  static open(dir: string, topic: string, options: { readOnly?: boolean; beforeCommitPoint?: () => void } = {}): LedgerStore {
    mkdirSync(dir, { recursive: true });
    const stateFile = join(dir, 'state.json');
    const fresh = !existsSync(stateFile);
    const state = readJsonFile<PipelineState>(stateFile, { topic, ledgerBytes: 0, offsets: {}, ledger: { lines: 0, balances: {}, recorded: {} }, rejected: [] });
    if (state.topic !== topic) throw new Error(`${dir} holds the ledger of topic ${state.topic}, not ${topic}: use another LEDGER_DIR`);
    const store = new LedgerStore(dir, state, fresh, options.beforeCommitPoint ?? (() => undefined));
    const size = existsSync(store.ledgerFile) ? statSync(store.ledgerFile).size : 0;
    if (size < state.ledgerBytes) throw new Error(`${store.ledgerFile} is shorter (${size} bytes) than its committed length ${state.ledgerBytes}: restore it from backup`);
    if (size > state.ledgerBytes && !options.readOnly) truncateSync(store.ledgerFile, state.ledgerBytes);
    return store;
  }

  get state(): Readonly<PipelineState> {
    return this.current;
  }

  /** Where `partition` resumes: messages below this offset are already in the ledger. */
  nextOffset(partition: number): bigint {
    return BigInt(this.current.offsets[String(partition)] ?? '0');
  }

  /** Commits one partition batch: its ledger lines, its rejects, the partition's next offset and the balances. */
  commit(partition: number, nextOffset: bigint, lines: readonly LedgerLine[], rejected: readonly RejectedMessage[], ledger: LedgerSnapshot): void {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    if (text) {
      const fd = openSync(this.ledgerFile, 'a');
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    const next: PipelineState = {
      topic: this.current.topic,
      ledgerBytes: this.current.ledgerBytes + Buffer.byteLength(text),
      offsets: { ...this.current.offsets, [String(partition)]: nextOffset.toString() },
      ledger,
      rejected: [...this.current.rejected, ...rejected].slice(-MAX_REJECTED),
    };
    this.beforeCommitPoint();
    writeFileAtomic(this.stateFile, JSON.stringify(next));
    this.current = next;
  }

  /** The committed ledger lines (for --verify): only as far as state.json covers. */
  readLines(): LedgerLine[] {
    if (!existsSync(this.ledgerFile)) return [];
    const committed = readFileSync(this.ledgerFile).subarray(0, this.current.ledgerBytes).toString('utf8');
    return committed.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LedgerLine);
  }
}
