import { randomBytes } from 'node:crypto';

/**
 * A random name part made of letters only. A UUID in an email or SKU code is now and then a Luhn-valid run of
 * digits (e.g. `41111111-1111-1111-...`), which the gateway rightly refuses as a card number: about one request
 * in 20,000, enough to fail a benchmark's fixtures now and then.
 */
export function uniqueName(bytes = 10): string {
  return randomBytes(bytes).toString('hex').replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)]);
}
