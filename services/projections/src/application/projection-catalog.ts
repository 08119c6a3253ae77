import { EVENT_LOG_TABLES, EventContract, EventEnvelope, OrderCancelledV1Contract, OrderConfirmedV1Contract, OrderDeliveredV1Contract,
  OrderPlacedV1Contract, OrderShippedV1Contract, InventoryReservedV1Contract, PaymentDeclinedV1Contract, PaymentRequestedV1Contract } from '@shop/contracts';
import { aggregateKey } from '@shop/messaging';
import { QUEUE_CONTRACTS } from '../domain/fulfillment-queue';
import { PROJECTION_NAMES, ProjectionName, consumerGroupOf } from '../domain/projection-names';
import { REVENUE_CONTRACTS } from '../domain/revenue';
import type { ReadModelTable } from '../infrastructure/postgres/readmodel-tables';

/** What defines a projection: the events it applies, the tables it owns, the group that tracks its progress. */
export interface ProjectionSpec {
  name: ProjectionName;
  group: string;
  contracts: readonly EventContract[];
  tables: readonly ReadModelTable[];
}

/** Every order event: the timeline records saga steps too. */
const TIMELINE_CONTRACTS = [
  OrderPlacedV1Contract, InventoryReservedV1Contract, PaymentRequestedV1Contract, PaymentDeclinedV1Contract, OrderConfirmedV1Contract,
  OrderShippedV1Contract, OrderDeliveredV1Contract, OrderCancelledV1Contract,
];

export const PROJECTIONS: Record<ProjectionName, ProjectionSpec> = {
  'fulfillment-queue': { name: 'fulfillment-queue', group: consumerGroupOf('fulfillment-queue'), contracts: QUEUE_CONTRACTS, tables: ['fulfillment_queue', 'fulfillment_closed', 'fulfillment_early'] },
  revenue: { name: 'revenue', group: consumerGroupOf('revenue'), contracts: REVENUE_CONTRACTS, tables: ['revenue_entries', 'revenue_daily'] },
  timeline: { name: 'timeline', group: consumerGroupOf('timeline'), contracts: TIMELINE_CONTRACTS, tables: ['order_timeline'] },
};

export const ALL_PROJECTIONS: ProjectionSpec[] = PROJECTION_NAMES.map((name) => PROJECTIONS[name]);

/** The event log tables a projection reads in the embedded mode (same mapping as the consumers). */
export function sourcesOf(spec: ProjectionSpec): string[] {
  return [...new Set(spec.contracts.map((contract) => EVENT_LOG_TABLES[contract.aggregateType]))];
}

/** The event types (any version) a projection applies from `source`. */
export function eventTypesFrom(spec: ProjectionSpec, source: string): string[] {
  return [...new Set(spec.contracts.filter((contract) => EVENT_LOG_TABLES[contract.aggregateType] === source).map((contract) => contract.type))];
}

/** True when the projection applies this exact type and version, as its consumer's subscriptions would. */
export function applies(spec: ProjectionSpec, event: Pick<EventEnvelope, 'type' | 'version'>): boolean {
  return spec.contracts.some((contract) => contract.type === event.type && contract.version === event.version);
}

/**
 * The advisory lock every batch of a projection's consumer takes first (declared as the subscriptions' `writes`),
 * and a rebuild takes while it swaps tables: the two never interleave.
 */
export function projectionLockKey(name: ProjectionName): string {
  return aggregateKey('readmodel', name);
}
