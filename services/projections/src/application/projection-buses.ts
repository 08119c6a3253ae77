import { BusSettings, BusStatus, DeadLetter, DeadLetterOrder, LogWakeups, MessageBus, wakeupsFor } from '@shop/messaging';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ProjectionName } from '../domain/projection-names';
import { ALL_PROJECTIONS } from './projection-catalog';
import { projectionSubscriptions } from './live-subscriptions';
import { READMODELS_SCHEMA } from '../infrastructure/postgres/readmodel-tables';

/**
 * One MessageBus per projection, so each has its own consumer group: its own checkpoints, lag and dead letters,
 * and a slow or failing projection never holds the others back. In Postgres mode they share one listening session
 * (Postgres 15 wakes every listening session on each notifying commit: three sessions were three processes woken
 * per commit for one process's work); a commit that appended a type one projection takes wakes all three, and the
 * others' reads, which take only their own types, find nothing. Also serves the shared bus admin endpoints
 * (/internal/bus) for all of them at once: lag per source is the largest backlog of any projection.
 */
export class ProjectionBuses {
  readonly byName: ReadonlyMap<ProjectionName, MessageBus>;
  private readonly wakeups?: LogWakeups;

  constructor(options: { pool: Pool; log: Logger; settings: BusSettings; batchSize?: number; pollMs?: number }) {
    const subscriptions = new Map(ALL_PROJECTIONS.map((spec) => [spec.name, projectionSubscriptions(spec)]));
    if (options.settings.mode === 'postgres') this.wakeups = wakeupsFor(options.pool, options.log, [...subscriptions.values()].flat());
    this.byName = new Map(
      ALL_PROJECTIONS.map((spec) => [
        spec.name,
        new MessageBus({
          service: 'projections', group: spec.group, schema: READMODELS_SCHEMA, pool: options.pool, log: options.log.child({ projection: spec.name }),
          settings: options.settings, subscriptions: subscriptions.get(spec.name)!, batchSize: options.batchSize, pollMs: options.pollMs, wakeups: this.wakeups,
        }),
      ]),
    );
  }

  async start(): Promise<void> {
    await this.wakeups?.start();
    for (const bus of this.byName.values()) await bus.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byName.values()].map((bus) => bus.stop()));
    await this.wakeups?.stop();
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

  /** The projections' groups share one dead-letter table, so their letters' ids order them across groups. */
  async deadLetters(limit = 100, order: DeadLetterOrder = 'oldest'): Promise<DeadLetter[]> {
    const letters = (await Promise.all([...this.byName.values()].map((bus) => bus.deadLetters(limit, order)))).flat();
    const direction = order === 'newest' ? -1 : 1;
    return letters.sort((a, b) => direction * (Number(a.id) - Number(b.id))).slice(0, limit);
  }

  /**
   * Each bus redrives only its own group's letters, so the ids are routed to the right handlers. An id is not
   * found when no bus found it (each bus reports the other groups' letters as not its own).
   */
  async redrive(ids?: string[]): Promise<{ redriven: string[]; failed: { id: string; error: string }[]; notFound: string[] }> {
    const results: Awaited<ReturnType<MessageBus['redrive']>>[] = [];
    for (const bus of this.byName.values()) results.push(await bus.redrive(ids));
    const notFound = (ids ?? []).filter((id) => results.every((result) => result.notFound.includes(id)));
    return { redriven: results.flatMap((result) => result.redriven), failed: results.flatMap((result) => result.failed), notFound };
  }
}
