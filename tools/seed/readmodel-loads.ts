import type { EventEnvelope } from '@shop/contracts';
import { memoryProjector } from '../../services/projections/src/application/memory-projectors';
import type { ProjectionName } from '../../services/projections/src/domain/projection-names';
import { COPY_COLUMNS } from '../../services/projections/src/infrastructure/postgres/copy-columns';
import type { CopyValue } from '../../services/projections/src/infrastructure/postgres/copy-sink';
import { PgProjectionState } from '../../services/projections/src/infrastructure/postgres/pg-projection-state';
import { ReadModelTable, liveTables } from '../../services/projections/src/infrastructure/postgres/readmodel-tables';
import { orderEnvelope, paymentEnvelope } from './envelopes';
import type { OrderStory } from './order-story';
import { Finisher, LaneStep, copyRows } from './table-loader';
import type { Emit } from './tables';

interface ReadModelLoad {
  projection: ProjectionName;
  /** The append-only table the projector writes as events are applied (loaded chunk by chunk), if any. */
  streaming?: ReadModelTable;
  events: (story: OrderStory) => EventEnvelope[];
}

function queueEvents(story: OrderStory): EventEnvelope[] {
  if (story.status === 'PENDING' || story.status === 'CONFIRMED') return story.steps.map((step) => orderEnvelope(story, step));
  return story.steps.filter((step) => step.toStatus === 'SHIPPED' || step.toStatus === 'DELIVERED' || step.toStatus === 'CANCELLED').map((step) => orderEnvelope(story, step));
}

const READ_MODEL_LOADS: ReadModelLoad[] = [
  { projection: 'timeline', streaming: 'order_timeline', events: (story) => story.steps.map((step) => orderEnvelope(story, step)) },
  // A closed order ends as "closed at its last closing event" whatever came before, so only its closing events
  // are fed (saves building most envelopes of the ~97% closed orders); open orders get their whole history.
  { projection: 'fulfillment-queue', events: queueEvents },
  { projection: 'revenue', streaming: 'revenue_entries', events: (story) => story.paymentEvents.map((event) => paymentEnvelope(story, event)) },
];

/**
 * The read models of the seeded events, made by the projections' own code: each generated event goes through
 * the projection's in-memory projector (the one a rebuild uses). Append-only rows are loaded with each chunk;
 * rows the projector emits at the end (queue, closed orders, daily revenue) once all chunks are in. Daily
 * revenue is merged into what is there already (a database with live orders may share merchants and days).
 */
export function readModelSteps(): { steps: LaneStep[]; finishers: Finisher[] } {
  const steps: LaneStep[] = [];
  const finishers: Finisher[] = [];
  for (const load of READ_MODEL_LOADS) {
    const current: { emit?: Emit } = {};
    const held = new Map<ReadModelTable, CopyValue[][]>();
    const projector = memoryProjector(load.projection, (table) => ({
      write: (values) => {
        if (table === load.streaming && current.emit) return current.emit(values);
        if (!held.has(table)) held.set(table, []);
        held.get(table)!.push([...values]);
      },
    }));
    const apply = (story: OrderStory) => {
      for (const event of load.events(story)) projector.apply(event);
    };
    steps.push(load.streaming
      ? { table: liveTables(load.streaming), columns: COPY_COLUMNS[load.streaming], fromOrder: (story, emit) => {
        current.emit = emit;
        apply(story);
      } }
      : { visit: apply });
    finishers.push(async (client, stats) => {
      current.emit = undefined;
      projector.finish();
      for (const [table, rows] of held) {
        const merge = table === 'revenue_daily';
        if (merge) await client.query(`CREATE TEMP TABLE seed_revenue_daily (LIKE readmodels.revenue_daily) ON COMMIT DROP`);
        await copyRows(client, merge ? 'pg_temp.seed_revenue_daily' : liveTables(table), COPY_COLUMNS[table], stats, (emit) => rows.forEach(emit));
        if (merge) {
          await client.query(
            `INSERT INTO readmodels.revenue_daily AS d SELECT * FROM pg_temp.seed_revenue_daily
             ON CONFLICT (merchant_id, day, currency) DO UPDATE SET order_count = d.order_count + EXCLUDED.order_count, revenue_cents = d.revenue_cents + EXCLUDED.revenue_cents`,
          );
        }
      }
      if (projector.lastEventAt) await new PgProjectionState().touch(client, load.projection, projector.lastEventAt);
    });
  }
  return { steps, finishers };
}
