/** Issue #6's targets for the checkout bench (embedded mode, 2 cores), and which of them one run met. */

export interface CheckoutFigures {
  confirmedPerSecond: number;
  rawCheckoutTps: number;
  /** POST-to-CONFIRMED at 70% of the maximum rate; undefined when that phase did not run. */
  at70?: { p50: number; p99: number };
  orderDetailPerSecond: number;
  orderDetailP99Ms: number;
  rawPointReadTps: number;
  flashSalePerSecond: number;
  oversold: number;
  memoryMb: Record<string, number>;
}

export interface TargetVerdict {
  target: string;
  /** Undefined: not measured in this run. */
  met: boolean | undefined;
}

/** One verdict per target, in the report's order. */
export function checkoutVerdicts(figures: CheckoutFigures): TargetVerdict[] {
  const memory = Object.values(figures.memoryMb);
  return [
    { target: 'checkout at least a third of the raw monolithic TPS', met: figures.confirmedPerSecond * 3 >= figures.rawCheckoutTps },
    { target: 'POST-to-CONFIRMED p50 < 30 ms and p99 < 150 ms at 70% of the maximum', met: figures.at70 && figures.at70.p50 < 30 && figures.at70.p99 < 150 },
    { target: 'order detail at least 25% of a raw point read, p99 < 10 ms', met: figures.orderDetailPerSecond * 4 >= figures.rawPointReadTps && figures.orderDetailP99Ms < 10 },
    { target: 'a hot SKU at 2,000 reservations/s or more, none oversold', met: figures.flashSalePerSecond >= 2_000 && figures.oversold === 0 },
    { target: 'every service under 200 MB resident', met: memory.length === 0 ? undefined : memory.every((mb) => mb < 200) },
  ];
}

/** The report's "met?" cell. */
export function metCell(met: boolean | undefined): string {
  return met === undefined ? 'n/a' : met ? 'yes' : '**no**';
}

/** One line for the top of the report: how many targets the run met, and which it missed. */
export function verdictLine(verdicts: readonly TargetVerdict[]): string {
  const measured = verdicts.filter((verdict) => verdict.met !== undefined);
  const missed = measured.filter((verdict) => !verdict.met).map((verdict) => verdict.target);
  const unmeasured = verdicts.length - measured.length;
  return `Targets met: ${measured.length - missed.length} of ${verdicts.length}${missed.length ? `; missed: ${missed.join('; ')}` : ''}${unmeasured ? `; ${unmeasured} not measured` : ''}.`;
}
