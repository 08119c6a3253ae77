import { join } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createPool } from '@shop/postgres';
import { skuEventFactory } from './events';
import { produce } from './producers';

/**
 * Producers on their own thread (and event loop), as services are other processes: their JavaScript never
 * delays the consumer's handler or its timestamps, and theirs are not delayed by the bus's work either. Commit
 * stamps are taken in the worker right after COMMIT and shipped to the main thread in small batches.
 */

export interface ProducerJob {
  url: string;
  total: number;
  producers: number;
  perTx: number;
  ratePerSecond?: number;
}

type ProducerMessage = { commits: [string[], number][] } | { done: true } | { error: string };

/** Runs `job` on a worker thread; `onCommit` gets each transaction's event ids and commit time. */
export function produceOnWorker(job: ProducerJob, onCommit: (eventIds: string[], at: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'producer-worker.js'), { workerData: { job } });
    worker.on('message', (message: ProducerMessage) => {
      if ('commits' in message) for (const [ids, at] of message.commits) onCommit(ids, at);
      else if ('error' in message) reject(new Error(`producer worker: ${message.error}`));
      else resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`producer worker exited with ${code}`))));
  });
}

async function runJob(job: ProducerJob): Promise<void> {
  const port = parentPort!;
  const pool = createPool({ url: job.url, applicationName: 'bench-producer', max: job.producers });
  let pending: [string[], number][] = [];
  const flush = () => {
    if (pending.length > 0) port.postMessage({ commits: pending } satisfies ProducerMessage);
    pending = [];
  };
  const timer = setInterval(flush, 5);
  try {
    await produce(pool, { ...job, makeEvents: skuEventFactory(), onCommit: (ids, at) => pending.push([ids, at]) });
    flush();
    port.postMessage({ done: true } satisfies ProducerMessage);
  } catch (error) {
    flush();
    port.postMessage({ error: (error as Error).message } satisfies ProducerMessage);
  } finally {
    clearInterval(timer);
    await pool.end();
  }
}

if (parentPort && (workerData as { job?: ProducerJob } | undefined)?.job) void runJob((workerData as { job: ProducerJob }).job);
