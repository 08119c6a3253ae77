// A type only: the browser module the build writes imports nothing from the workspace libraries.
import type { TimelineEntry } from '@shop/contracts';
import { eventLabel, formatDuration } from './format';

/** One entry of GET /v1/orders/{id}/timeline, as the services compute it. */
export type { TimelineEntry };

/** `closed`: left the state; `open`: still in it; `terminal`: DELIVERED/CANCELLED, no duration. */
export type BarKind = 'closed' | 'open' | 'terminal';

export interface GanttBar {
  state: string;
  startMs: number;
  endMs: number;
  kind: BarKind;
}

/** A saga step recorded while the status stayed put (stock reserved, payment requested, declined ...). */
export interface GanttEvent {
  label: string;
  atMs: number;
  /** Index of the bar (state) the order was in when it happened. */
  row: number;
}

export interface GanttModel {
  bars: GanttBar[];
  events: GanttEvent[];
  startMs: number;
  endMs: number;
}

const isStateChange = (entry: TimelineEntry) => entry.toStatus !== null && entry.fromStatus !== entry.toStatus;

/** One bar per state the order entered, in order; saga steps without a status change become events on the current row. */
export function ganttModel(entries: TimelineEntry[]): GanttModel {
  const bars: GanttBar[] = [];
  const events: GanttEvent[] = [];
  const lastChange = entries.reduce((last, entry, index) => (isStateChange(entry) ? index : last), -1);
  entries.forEach((entry, index) => {
    const atMs = Date.parse(entry.at);
    if (Number.isNaN(atMs)) return;
    if (isStateChange(entry)) {
      const seconds = entry.secondsInState;
      const kind: BarKind = seconds === null ? 'terminal' : index === lastChange ? 'open' : 'closed';
      bars.push({ state: entry.toStatus!, startMs: atMs, endMs: atMs + (seconds ?? 0) * 1000, kind });
    } else if (bars.length > 0) {
      events.push({ label: eventLabel(entry.type), atMs, row: bars.length - 1 });
    }
  });
  const times = [...bars.flatMap((bar) => [bar.startMs, bar.endMs]), ...events.map((event) => event.atMs)];
  return { bars, events, startMs: times.length ? Math.min(...times) : 0, endMs: times.length ? Math.max(...times) : 0 };
}

export interface GanttOptions {
  width: number;
  labelWidth: number;
  rowHeight: number;
  axisHeight: number;
  /** A terminal state (or a few milliseconds) still gets a visible mark. */
  minBarWidth: number;
  /** Average width of a caption character, to decide where a caption fits. */
  charWidth: number;
}

export const DEFAULT_GANTT: GanttOptions = { width: 640, labelWidth: 96, rowHeight: 32, axisHeight: 22, minBarWidth: 6, charWidth: 6.5 };

export interface GanttRow {
  state: string;
  kind: BarKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** `12 s`, `now, 3 min`, or `final`. */
  caption: string;
  /** Inside a bar wide enough for it, else beside the bar on whichever side has room. */
  captionAt: { x: number; anchor: 'start' | 'end'; inside: boolean };
}

export interface GanttGeometry {
  width: number;
  height: number;
  rows: GanttRow[];
  events: { x: number; y: number; label: string }[];
  ticks: { x: number; label: string }[];
}

/** Steps the time axis may use, in milliseconds: 100 ms up to a week. */
const TICK_STEPS = [
  100, 250, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3, 43200e3, 86400e3, 604800e3,
];

/** The smallest step that keeps the axis to at most `maxTicks` intervals. */
export function tickStep(spanMs: number, maxTicks = 5): number {
  return TICK_STEPS.find((step) => spanMs / step <= maxTicks) ?? Math.ceil(spanMs / maxTicks);
}

/** Pixel geometry of the chart: a row per bar, time on x from the first to the last moment recorded. */
export function ganttLayout(model: GanttModel, options: GanttOptions = DEFAULT_GANTT): GanttGeometry {
  const plotLeft = options.labelWidth;
  const plotWidth = Math.max(1, options.width - options.labelWidth - 8);
  const spanMs = Math.max(model.endMs - model.startMs, 1000); // a 1 s floor keeps instant timelines readable
  const x = (ms: number) => plotLeft + ((ms - model.startMs) / spanMs) * plotWidth;
  const barHeight = Math.round(options.rowHeight * 0.6);
  const rows = model.bars.map((bar, index): GanttRow => {
    const width = Math.max(options.minBarWidth, x(bar.endMs) - x(bar.startMs));
    const left = Math.min(x(bar.startMs), plotLeft + plotWidth - width); // a minimum-width mark at the end stays inside
    const seconds = (bar.endMs - bar.startMs) / 1000;
    const caption = bar.kind === 'terminal' ? 'final' : bar.kind === 'open' ? `now, ${formatDuration(seconds)}` : formatDuration(seconds);
    const needed = caption.length * options.charWidth + 12;
    const captionAt =
      width >= needed
        ? { x: left + 6, anchor: 'start' as const, inside: true }
        : left + width + needed <= plotLeft + plotWidth
          ? { x: left + width + 6, anchor: 'start' as const, inside: false }
          : { x: left - 6, anchor: 'end' as const, inside: false };
    return {
      state: bar.state,
      kind: bar.kind,
      x: left,
      y: index * options.rowHeight + (options.rowHeight - barHeight) / 2,
      width,
      height: barHeight,
      caption,
      captionAt,
    };
  });
  // On the bottom edge of the bar, below its caption's baseline, so a marker never covers the text.
  const events = model.events.map((event) => ({
    x: x(event.atMs),
    y: event.row * options.rowHeight + (options.rowHeight + barHeight) / 2,
    label: event.label,
  }));
  const step = tickStep(spanMs);
  const ticks = [];
  for (let offset = 0; offset <= spanMs + 1e-6; offset += step)
    ticks.push({ x: x(model.startMs + offset), label: offset === 0 ? '0' : `+${formatDuration(offset / 1000)}` });
  return { width: options.width, height: model.bars.length * options.rowHeight + options.axisHeight, rows, events, ticks };
}
