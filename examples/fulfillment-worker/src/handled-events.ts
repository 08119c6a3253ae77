/**
 * The event ids this worker has finished with, newest last, bounded: redeliveries come soon after the original
 * (an uncommitted batch after a crash or a rebalance), so a window of the most recent ids is enough, and the
 * orders API refuses a second SHIPPED transition (409) for anything older anyway.
 */
export class HandledEvents {
  private readonly ids: Set<string>;

  constructor(ids: Iterable<string> = [], private readonly limit = 100_000) {
    this.ids = new Set();
    for (const id of ids) this.add(id);
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }

  add(eventId: string): void {
    this.ids.delete(eventId);
    this.ids.add(eventId);
    // A Set iterates in insertion order: the first entry is the oldest.
    while (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
  }

  get size(): number {
    return this.ids.size;
  }

  toJSON(): string[] {
    return [...this.ids];
  }
}
