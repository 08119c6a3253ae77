import { percentile, round } from './stats';

/** One status-history event of one order, timed from the order's POST. */
export interface StageSample {
  type: string;
  msAfterPost: number;
}

export interface SagaStage {
  /** The event type without its `orders.` prefix, e.g. `inventory-reserved`. */
  stage: string;
  p50: number;
  p99: number;
  count: number;
}

/**
 * Where POST-to-CONFIRMED goes: each status-history event's p50 and p99 after the POST, in the order the saga
 * reaches them (by p50). The gap between two stages is the hop between them (read, transaction, wake-up).
 */
export function sagaStages(samples: StageSample[]): SagaStage[] {
  const byStage = new Map<string, number[]>();
  for (const { type, msAfterPost } of samples) {
    const stage = type.replace(/^orders\./, '');
    const values = byStage.get(stage) ?? [];
    values.push(msAfterPost);
    byStage.set(stage, values);
  }
  return [...byStage]
    .map(([stage, values]) => ({ stage, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), count: values.length }))
    .sort((a, b) => a.p50 - b.p50 || a.stage.localeCompare(b.stage));
}

/** The report's cell: `order-placed 1.8, inventory-reserved 23.6, ...` (p50 ms after the POST). */
export function stagesCell(stages: SagaStage[]): string {
  return stages.length ? stages.map(({ stage, p50 }) => `${stage} ${p50}`).join(', ') : 'n/a';
}
