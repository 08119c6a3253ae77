/**
 * PCI: what counts as a card number (PAN), in one place for the gateway's refusal, the log scrubber and the
 * invariant checker's scan of stored data, so each catches exactly what the others do.
 *
 * A candidate is a run of 13-19 digits that passes the Luhn check. The digits may be grouped the ways people and
 * systems write them: by one to three spaces, tabs, dashes, underscores or slashes ("4111 1111 1111 1111",
 * "4111  1111  1111  1111", "4111_1111_1111_1111", "4111 - 1111 - ..."), or by single dots between groups of 3-6
 * digits ("4111.1111.1111.1111"; a decimal number's longer groups are not card-shaped). Spaces and dashes are any
 * Unicode ones (a no-break space, an en dash, a line break: what a word processor or a paste leaves), and digits
 * are any decimal digits (full-width "４１１１", Arabic-Indic "٤١١١"): each is read as its ASCII digit. Letters do not shield a
 * run ("card4111111111111111", "tok_4111111111111111x") unless the run is part of a random hex identifier: a
 * canonical UUID, or a token of 24 or more hex digits (object ids, 32-hex UUIDs and trace ids, hashes). Those
 * often hold 13 decimal digits in a row, and a Luhn-valid one in ten of them would be refused for its own id; a
 * shorter hex token glued to a number ("abc4111111111111111") is refused.
 */

/** Luhn (mod 10) check of a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const CARD_MIN_DIGITS = 13;
export const CARD_MAX_DIGITS = 19;

// \s is every Unicode space and line break; \p{Pd} every dash (hyphen, en and em dash, ...), plus the minus sign.
const SEPARATOR = /[\s_/\p{Pd}\u2212]{1,3}|\./u;
const DIGIT_RUN = new RegExp(`\\d(?:(?:${SEPARATOR.source})?\\d)*`, 'gu');
const GROUPS = /[\s_/.\p{Pd}\u2212]+/u;
const LETTER = /[A-Za-z]/;
const ID_CHARACTER = /[0-9A-Za-z-]/;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{24,}$/i;
const CARD_GROUP = /^\d{3,6}$/;

/**
 * Whether `text` has at least `count` ASCII digits. Most strings scanned (headers such as host and user-agent,
 * paths, ids) have fewer than a card's 13, and counting is far cheaper than running the regex over them: the scan
 * was ~4% of the gateway's CPU per cached read.
 */
function hasDigits(text: string, count: number): boolean {
  if (text.length < count) return false;
  let seen = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57 && ++seen >= count) return true;
  }
  return false;
}

// A decimal digit that is not ASCII: only text with one needs rewriting (spaces and dashes the regexes read as is).
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
/** The digit value of each non-ASCII digit met: about 700 code points are digits, so this stays small. */
const digitValues = new Map<number, number>();

/**
 * `text` with every decimal digit that is not ASCII written as its ASCII digit, and where each character of the
 * result starts in `text` (one more entry for the end). Text without such a digit, nearly all, is passed as is.
 */
function asciiDigits(text: string): { text: string; origin?: number[] } {
  if (!OTHER_DIGIT.test(text)) return { text };
  let ascii = '';
  const origin: number[] = [];
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index)!;
    const width = codePoint > 0xffff ? 2 : 1;
    origin.push(index);
    const digit = codePoint > 0x7f ? digitValue(codePoint) : -1;
    ascii += digit >= 0 ? String(digit) : text.slice(index, index + width);
    // A character of two code units that is not a digit stays two: both map back to where it starts.
    if (ascii.length > origin.length) origin.push(index);
    index += width;
  }
  origin.push(text.length);
  return { text: ascii, origin };
}

/**
 * The value of a code point as a decimal digit, or -1: digits come in runs of ten from zero, and adjacent runs are
 * whole runs. Remembered per digit, so a megabyte of one digit walks back to its zero once.
 */
function digitValue(codePoint: number): number {
  const known = digitValues.get(codePoint);
  if (known !== undefined) return known;
  const isDigit = (point: number) => DECIMAL_DIGIT.test(String.fromCodePoint(point));
  if (!isDigit(codePoint)) return -1;
  let zero = codePoint;
  while (isDigit(zero - 1)) zero--;
  const value = (codePoint - zero) % 10;
  digitValues.set(codePoint, value);
  return value;
}

/**
 * Whether `text` has 13 ASCII digits or any character beyond ASCII (a digit of another script, perhaps): most
 * strings scanned (headers, paths, ids) have neither, and one pass over them is all they cost.
 */
function mayHoldCard(text: string): boolean {
  if (text.length < CARD_MIN_DIGITS) return false;
  let seen = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f || (code >= 48 && code <= 57 && ++seen >= CARD_MIN_DIGITS)) return true;
  }
  return false;
}

/** The card-shaped runs of `text`, as [start, end) offsets into it. Linear in the text's length. */
function cardRuns(text: string, firstOnly: boolean): [number, number][] {
  if (!mayHoldCard(text)) return [];
  const { text: ascii, origin } = asciiDigits(text);
  const runs = asciiCardRuns(ascii, firstOnly);
  return origin ? runs.map(([start, end]) => [origin[start], origin[end]]) : runs;
}

function asciiCardRuns(text: string, firstOnly: boolean): [number, number][] {
  if (!hasDigits(text, CARD_MIN_DIGITS)) return [];
  const found: [number, number][] = [];
  const hexIds = new HexIdSpans(text);
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    const start = match.index ?? 0;
    const end = start + run.length;
    if (!hasDigits(run, CARD_MIN_DIGITS) || hexIds.covers(start, end)) continue;
    // Dots group a card only between card-sized groups; otherwise they end runs ("4111111111111111.50").
    const dottedCard = run.includes('.') && run.split(GROUPS).every((group) => CARD_GROUP.test(group));
    const parts = run.includes('.') && !dottedCard ? run.split('.') : [run];
    if (parts.some((part) => holdsCardDigits(part.split(GROUPS)))) {
      found.push([start, end]);
      if (firstOnly) break;
    }
  }
  return found;
}

/**
 * Whether a run that touches a letter sits inside a UUID or a long all-hex token. The token around a run is found
 * once and remembered for the runs after it in the same token: walking it again for each ("a1a1a1...") made the
 * scan quadratic, and one request's 40 KB field held the gateway for 40 s.
 */
class HexIdSpans {
  private span = { from: -1, to: -1, hexId: false };

  constructor(private readonly text: string) {}

  covers(start: number, end: number): boolean {
    const { text } = this;
    const before = text[start - 1] ?? '';
    const after = text[end] ?? '';
    if (!LETTER.test(before) && !LETTER.test(after)) return false;
    if (start >= this.span.from && end <= this.span.to) return this.span.hexId;
    let from = start;
    let to = end;
    while (from > 0 && ID_CHARACTER.test(text[from - 1])) from--;
    while (to < text.length && ID_CHARACTER.test(text[to])) to++;
    const token = text.slice(from, to);
    this.span = { from, to, hexId: CANONICAL_UUID.test(token) || HEX_ID.test(token) };
    return this.span.hexId;
  }
}

/**
 * Whether some contiguous span of `groups` is 13-19 digits that pass Luhn. Each span's Luhn sum comes from prefix
 * sums over the run's digits (a digit is doubled or not by its distance from the span's right end, so by parity),
 * so a run of half a million one-digit groups ("1 1 1 ...") is checked in linear time.
 */
function holdsCardDigits(groups: string[]): boolean {
  const digits = groups.join('');
  // Prefix sums over digits[0..k): the digits, and what doubling adds (doubled - plain) at even and at odd indexes.
  const plain = [0];
  const doubledOnEven = [0];
  const doubledOnOdd = [0];
  for (let index = 0; index < digits.length; index++) {
    const digit = digits.charCodeAt(index) - 48;
    const extra = (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) - digit;
    plain.push(plain[index] + digit);
    doubledOnEven.push(doubledOnEven[index] + (index % 2 === 0 ? extra : 0));
    doubledOnOdd.push(doubledOnOdd[index] + (index % 2 === 1 ? extra : 0));
  }
  const luhnSum = (from: number, to: number) => {
    // The rightmost digit (to - 1) is not doubled; every other one going left is: those with the other parity.
    const extra = (to - 1) % 2 === 0 ? doubledOnOdd[to] - doubledOnOdd[from] : doubledOnEven[to] - doubledOnEven[from];
    return plain[to] - plain[from] + extra;
  };
  let from = 0;
  for (let first = 0; first < groups.length; from += groups[first].length, first++) {
    let to = from;
    for (let last = first; last < groups.length; last++) {
      to += groups[last].length;
      if (to - from > CARD_MAX_DIGITS) break;
      if (to - from >= CARD_MIN_DIGITS && luhnSum(from, to) % 10 === 0) return true;
    }
  }
  return false;
}

/**
 * True when `text` holds something shaped like a card number. Within a grouped run every contiguous span of
 * groups is tried, so "4111111111111111 123" (number and CVV) is still caught.
 */
export function containsCardNumber(text: string): boolean {
  return cardRuns(text, true).length > 0;
}

/** `text` with every card-shaped run replaced by `[redacted-number]`, for log lines. */
export function redactCardNumbers(text: string): string {
  const runs = cardRuns(text, false);
  if (runs.length === 0) return text;
  let redacted = '';
  let from = 0;
  for (const [start, end] of runs) {
    redacted += `${text.slice(from, start)}[redacted-number]`;
    from = end;
  }
  return redacted + text.slice(from);
}
