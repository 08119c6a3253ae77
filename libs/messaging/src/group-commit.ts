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

  /** @param flush handles a group; returns one result per item, in order */
  constructor(private readonly flush: (items: Item[]) => Promise<Result[]>, private readonly maxGroup = 500) {}

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
          if (group.length === 1) group[0].reject(error);
          else for (const entry of group) await this.flush([entry.item]).then(([result]) => entry.resolve(result), entry.reject);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
