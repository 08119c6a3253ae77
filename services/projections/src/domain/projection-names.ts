/** The read models this service keeps; each is one consumer group with its own checkpoints, lag and rebuild. */
export const PROJECTION_NAMES = ['fulfillment-queue', 'revenue', 'timeline'] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

export function isProjectionName(value: string): value is ProjectionName {
  return (PROJECTION_NAMES as readonly string[]).includes(value);
}

/** The consumer group of a projection: its checkpoints, inbox rows and dead letters are filed under it. */
export function consumerGroupOf(name: ProjectionName): string {
  return `projection:${name}`;
}
