import { BusSettings, BusStatus, DeadLetter, MessageBus } from '@shop/messaging';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ProjectionName } from '../domain/projection-names';
import { ALL_PROJECTIONS } from './projection-catalog';
import { projectionSubscriptions } from './live-subscriptions';
import { READMODELS_SCHEMA } from '../infrastructure/postgres/readmodel-tables';

/**
 * One MessageBus per projection, so each has its own consumer group: its own checkpoints, lag and dead letters,
 * and a slow or failing projection never holds the others back. Also serves the shared bus admin endpoints
 * (/internal/bus) for all of them at once: lag per source is the largest backlog of any projection.
 */
export class ProjectionBuses {
  readonly byName: ReadonlyMap<ProjectionName, MessageBus>;

  constructor(options: { pool: Pool; log: Logger; settings: BusSettings; batchSize?: number; pollMs?: number }) {
    this.byName = new Map(
      ALL_PROJECTIONS.map((spec) => [
        spec.name,
        new MessageBus({
          service: 'projections', group: spec.group, schema: READMODELS_SCHEMA, pool: options.pool, log: options.log.child({ projection: spec.name }),
          settings: options.settings, subscriptions: projectionSubscriptions(spec), batchSize: options.batchSize, pollMs: options.pollMs,
        }),
      ]),
    );
  }

  async start(): Promise<void> {
    for (const bus of this.byName.values()) await bus.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byName.values()].map((bus) => bus.stop()));
  }

  /** The service-level view for GET /internal/bus: every group's status, and the worst lag per source. */
  async status(): Promise<BusStatus & { groups: BusStatus[] }> {
    const groups = await Promise.all([...this.byName.values()].map((bus) => bus.status()));
    const lag: Record<string, number> = {};
    for (const group of groups) for (const [source, n] of Object.entries(group.lag)) lag[source] = Math.max(lag[source] ?? 0, n);
    return { group: 'projections', mode: groups[0]?.mode ?? 'postgres', paused: groups.some((group) => group.paused), lag, deadLetters: groups.reduce((sum, group) => sum + group.deadLetters, 0), groups };
  }

  pause(): void {
    for (const bus of this.byName.values()) bus.pause();
  }

  resume(): void {
    for (const bus of this.byName.values()) bus.resume();
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const letters = (await Promise.all([...this.byName.values()].map((bus) => bus.deadLetters(limit)))).flat();
    return letters.sort((a, b) => Number(a.id) - Number(b.id)).slice(0, limit);
  }

  /** Each bus redrives only its own group's letters, so the ids are routed to the right handlers. */
  async redrive(ids?: string[]): Promise<{ redriven: string[]; failed: { id: string; error: string }[] }> {
    const results = [];
    for (const bus of this.byName.values()) results.push(await bus.redrive(ids));
    return { redriven: results.flatMap((result) => result.redriven), failed: results.flatMap((result) => result.failed) };
  }
}
