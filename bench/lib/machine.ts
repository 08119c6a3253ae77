import { Client } from 'pg';
import { percentile, round } from './stats';

/** How fast the machine is at one moment: a fixed CPU loop and a Postgres round trip. */
export interface MachineSpeed {
  /** Milliseconds for 10^8 additions in a loop (the fastest of three). */
  cpuLoopMs: number;
  /** Median microseconds of a `SELECT 1` round trip on one connection to the bench's Postgres. */
  roundTripUs: number;
}

const LOOP = 100_000_000;

function cpuLoopMs(): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    let sum = 0;
    for (let index = 0; index < LOOP; index++) sum += index;
    if (sum < 0) throw new Error('unreachable'); // keeps the loop from being optimised away
    best = Math.min(best, performance.now() - started);
  }
  return round(best, 0);
}

/**
 * This VM's speed wanders (the same loop took 1.6 s and 2.9 s forty minutes apart in one session), so each run
 * records it at its start and its end: figures from two runs compare only at a similar speed.
 */
export async function measureMachine(adminUrl: string, roundTrips = 2_000): Promise<MachineSpeed> {
  const cpu = cpuLoopMs();
  const db = new Client({ connectionString: adminUrl });
  await db.connect();
  try {
    const micros: number[] = [];
    for (let index = 0; index < roundTrips; index++) {
      const started = performance.now();
      await db.query('SELECT 1');
      micros.push((performance.now() - started) * 1000);
    }
    return { cpuLoopMs: cpu, roundTripUs: round(percentile(micros, 50), 0) };
  } finally {
    await db.end();
  }
}

/** The report's row: the speed at the start and at the end of the run, and how far it moved. */
export function machineSpeedRow(start: MachineSpeed, end: MachineSpeed): [string, string, string] {
  const drift = (before: number, after: number) => (before > 0 ? ` (${after >= before ? '+' : ''}${Math.round(((after - before) / before) * 100)}%)` : '');
  return [
    'machine speed at start / end (lower is faster)',
    `CPU loop ${start.cpuLoopMs} / ${end.cpuLoopMs} ms${drift(start.cpuLoopMs, end.cpuLoopMs)}, SELECT 1 round trip ${start.roundTripUs} / ${end.roundTripUs} µs${drift(start.roundTripUs, end.roundTripUs)}`,
    '',
  ];
}
