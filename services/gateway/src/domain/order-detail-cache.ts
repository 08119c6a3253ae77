/**
 * Order details kept in the gateway's memory (design reference: cache the order detail page, invalidate on every
 * status transition). Entries are dropped by `invalidate` when the database announces that the order or one of its
 * payments changed, expire after `ttlMs` regardless, and the least recently read entry goes first when full.
 *
 * A detail is read from the services in several steps while a change may commit in between. A read therefore
 * starts with `begin`, which hands out a ticket, and `fill` keeps the result only if nothing invalidated that order
 * (or cleared the cache) since: a change that lands while the read is on its way can never be cached as current.
 *
 * The cache serves only while `enabled`: the gateway enables it once it listens for changes, and disables it (which
 * empties it) when that session is lost, because changes announced meanwhile would be missed.
 */
export interface OrderDetailCacheOptions {
  /** Most entries kept; the least recently read is evicted first. */
  maxEntries: number;
  /** An entry is not served after this long, invalidated or not. */
  ttlMs: number;
}

export interface CacheCounts {
  hits: number;
  misses: number;
  invalidations: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** The ticket of one read on its way; `fill` with another order's ticket or a stale one keeps nothing. */
export type FillTicket = object;

export class OrderDetailCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly reads = new Map<string, FillTicket>();
  private on = false;
  readonly counts: CacheCounts = { hits: 0, misses: 0, invalidations: 0 };

  constructor(private readonly options: OrderDetailCacheOptions) {}

  get enabled(): boolean {
    return this.on && this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  enable(): void {
    this.clear();
    this.on = true;
  }

  /** Stops serving and forgets everything, including reads on their way. */
  disable(): void {
    this.on = false;
    this.clear();
  }

  get(orderId: string, now: number): V | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(orderId);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.entries.delete(orderId);
      this.counts.misses++;
      return undefined;
    }
    // Re-inserting moves the entry to the end of the Map's order, which is what eviction reads as least recent.
    this.entries.delete(orderId);
    this.entries.set(orderId, entry);
    this.counts.hits++;
    return entry.value;
  }

  /** The entry if cached and current, without counting a read or refreshing its place (for facts that never change). */
  peek(orderId: string, now: number): V | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(orderId);
    return entry && entry.expiresAt > now ? entry.value : undefined;
  }

  /**
   * Starts a read of `orderId` from the services; undefined when the cache is off (nothing will be kept). Reads on
   * their way are as many as entries at most: past that the oldest is voided (its fill keeps nothing), so reads
   * that never end, however many, cannot grow the map.
   */
  begin(orderId: string): FillTicket | undefined {
    if (!this.enabled) return undefined;
    const ticket: FillTicket = {};
    this.reads.delete(orderId);
    this.reads.set(orderId, ticket);
    while (this.reads.size > this.options.maxEntries) this.reads.delete(this.reads.keys().next().value as string);
    return ticket;
  }

  /** Ends a read that failed (a 404, another customer's order, a service down): nothing is kept for it. */
  abandon(orderId: string, ticket: FillTicket | undefined): void {
    if (ticket && this.reads.get(orderId) === ticket) this.reads.delete(orderId);
  }

  /** Reads on their way (begun, not yet filled or abandoned). */
  get readsUnderWay(): number {
    return this.reads.size;
  }

  /** Keeps `value` if `ticket` is still the current read of `orderId`; returns whether it was kept. */
  fill(orderId: string, ticket: FillTicket | undefined, value: V, now: number): boolean {
    if (!ticket || this.reads.get(orderId) !== ticket) return false;
    this.reads.delete(orderId);
    if (!this.enabled) return false;
    this.entries.delete(orderId);
    this.entries.set(orderId, { value, expiresAt: now + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return true;
  }

  /** Forgets the orders, and voids reads of them that are on their way. */
  invalidate(orderIds: Iterable<string>): void {
    for (const id of orderIds) {
      this.entries.delete(id);
      this.reads.delete(id);
      this.counts.invalidations++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.reads.clear();
  }
}

/** The payload of a change notification: `*` (anything may have changed) or comma-separated order ids. */
export function parseChangedOrders(payload: string | undefined): { all: true } | { all: false; ids: string[] } {
  if (payload === undefined || payload === '*') return { all: true };
  const ids = payload.split(',');
  // Anything unreadable is treated as "everything changed": forgetting too much is safe, too little is not.
  return ids.every((id) => /^[1-9][0-9]{0,18}$/.test(id)) ? { all: false, ids } : { all: true };
}
