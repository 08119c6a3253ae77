/** Text formatting shared by the panels. Pure, and in UTC so every operator (and every test) reads the same. */

/**
 * ISO 4217 minor units of the active currencies that do not have two, as the API's amounts count them. Not the
 * runtime's Intl data: that is CLDR's display convention, which shows HUF, IDR, COP and a dozen others without
 * decimals (and IQD with none instead of three), and so showed their amounts 100 or 1000 times too large.
 */
const ISO_MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Minor units of `currency` (2 for USD, 0 for JPY, 3 for BHD), by ISO 4217. */
export function minorDigits(currency: string): number {
  return ISO_MINOR_DIGITS[currency] ?? 2;
}

/**
 * `1999, 'USD'` -> `$19.99`; money stays an integer of minor units until it is shown. A bigint is shown exactly at
 * any size (Intl formats a decimal string without going through a float); a number only up to 2^53.
 */
export function formatMoney(cents: number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const amount = typeof cents === 'bigint' ? decimalText(cents, digits) : (cents / 10 ** digits).toFixed(digits);
  try {
    const formatter = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    // A decimal string is formatted as written (Intl.NumberFormat v3); the DOM typings still list numbers only.
    return (formatter.format as unknown as (value: string) => string)(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** `-123456n, 2` -> `-1234.56`. */
function decimalText(minor: bigint, digits: number): string {
  const sign = minor < 0n ? '-' : '';
  const text = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
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

/** Said under a list cut at its first page, so a full page does not read as everything there is. */
export function moreWaiting(shown: number, what: string, nextCursor: string | null | undefined): string | null {
  return nextCursor ? `The first ${shown} ${what}; more are waiting (the API pages through all of them).` : null;
}
