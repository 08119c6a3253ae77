/**
 * Group commit for work that arrives one item at a time from concurrent callers (captures finishing after their
 * provider calls): items submitted while a flush runs wait and go together in the next one, so N concurrent
 * items cost a few transactions instead of N. An idle queue adds no delay beyond one event-loop turn, which lets
 * items completing in the same turn share a flush. When a flush of several items fails, each is flushed alone,
 * so one bad item fails only its own caller.
 */
export class GroupCommit<Item, Result> {
  private queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private draining = false;

  /**
   * @param flush handles a group; returns one result per item, in order
   * @param retryAlone whether a group's failure may be one item's fault, so that each is worth flushing alone; when
   *   it says no (the database went away, say), every item of the group fails with that error at once
   */
  constructor(
    private readonly flush: (items: Item[]) => Promise<Result[]>,
    private readonly maxGroup = 500,
    private readonly retryAlone: (error: unknown) => boolean = () => true,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        try {
          const results = await this.flush(group.map((entry) => entry.item));
          group.forEach((entry, index) => entry.resolve(results[index]));
        } catch (error) {
          if (group.length === 1 || !this.retryAlone(error)) for (const entry of group) entry.reject(error);
          else for (const entry of group) await this.flush([entry.item]).then(([result]) => entry.resolve(result), entry.reject);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/**
 * For groups written to Postgres: retry alone only when the statement refused the data (SQLSTATE classes 21
 * cardinality, e.g. one key twice in a group; 22 data exception; 23 integrity constraint). A lost connection or
 * a server shutting down fails the whole group at once instead of once per item.
 */
export function refusedData(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^2[123]/.test(code);
}
