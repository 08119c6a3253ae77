/**
 * The last `capacity` ids added, oldest forgotten first: what a process remembers of recent events without
 * growing with them (payments: the orders it has seen cancelled).
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  add(id: string): void {
    // Re-adding moves an id to the newest end, so what is still in use is kept longest.
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
