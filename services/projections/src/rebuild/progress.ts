/** A line of progress for humans (the CLI prints it to stderr). */
export type ProgressSink = (line: string) => void;

const number = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Counts work done against an expected total and reports rate and percentage at most once per interval, plus a
 * final line. Time comes from `clock` so tests can drive it.
 */
export class ProgressMeter {
  private done = 0;
  private readonly started: number;
  private lastReport: number;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly sink: ProgressSink,
    private readonly unit = 'events',
    private readonly intervalMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
    this.lastReport = this.started;
  }

  add(count: number): void {
    this.done += count;
    const now = this.clock();
    if (now - this.lastReport >= this.intervalMs) {
      this.lastReport = now;
      this.sink(this.line(now));
    }
  }

  /** Reports the final line and returns the rate achieved (per second). */
  finish(): { count: number; seconds: number; perSecond: number } {
    const now = this.clock();
    this.sink(`${this.line(now)} done`);
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    return { count: this.done, seconds, perSecond: this.done / seconds };
  }

  private line(now: number): string {
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const percent = this.total ? ` ${((100 * this.done) / this.total).toFixed(1)}%` : '';
    const of = this.total !== undefined ? ` of ${number(this.total)}` : '';
    return `${this.label}:${percent} ${number(this.done)}${of} ${this.unit}, ${number(this.done / seconds)} ${this.unit}/s, ${seconds.toFixed(1)} s`;
  }
}
