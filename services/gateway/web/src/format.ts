/** Text formatting shared by the panels. Pure, and in UTC so every operator (and every test) reads the same. */

const fractionDigits = new Map<string, number>();

/** Minor units of `currency` (2 for USD, 0 for JPY, 3 for BHD), from the runtime's ISO 4217 data. */
export function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2; // not a currency the runtime knows: show it like most are
    }
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** `1999, 'USD'` -> `$19.99`; money stays an integer of minor units until it is shown. */
export function formatMoney(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  const amount = cents / 10 ** digits;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/** Seconds as an operator reads them: `350 ms`, `4.2 s`, `12 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${Math.floor(seconds * 10) / 10} s`; // 4.2 s, and 4 s rather than 4.0 s
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (seconds < 3600) return pair(Math.floor(seconds / 60), 'min', Math.floor(seconds % 60), 's');
  if (seconds < 86_400) return pair(Math.floor(seconds / 3600), 'h', Math.floor((seconds % 3600) / 60), 'min');
  return pair(Math.floor(seconds / 86_400), 'd', Math.floor((seconds % 86_400) / 3600), 'h');
}

/** `2030-01-01T09:05:03.120Z` -> `09:05:03`. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toISOString().slice(11, 19);
}

/** `2030-01-01T09:05:03Z` -> `2030-01-01 09:05`; today's times lose the date. */
export function formatWhen(iso: string, nowMs: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '–';
  const text = date.toISOString();
  return text.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10) ? text.slice(11, 19) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

/** A UTC calendar day `days` after (or before) `day`, both YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `orders.payment-requested` -> `payment requested`. */
export function eventLabel(type: string): string {
  return type.replace(/^[a-z]+\./, '').replace(/-/g, ' ');
}
