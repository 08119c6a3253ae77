/** One row of pattern 7 as the API answers it; the amount stays a bigint until it is written. */
export interface RevenueRowView {
  merchantId: string;
  day: string;
  currency: string;
  orderCount: number;
  revenueCents: bigint;
}

const INTEGER = /^-?\d+$/;

/**
 * The revenue answer as JSON text, every amount written with all its digits. A day's sum can pass 2^53 - 1
 * minor units, where a JavaScript number would round it; JSON numbers have no such limit, so the digits are
 * written as they are rather than rounded or refused (a client that may see such a day parses with a
 * big-integer-aware reader). The other fields go through JSON.stringify.
 */
export function revenueJson(answer: { rows: readonly RevenueRowView[]; asOf: string | null }): string {
  const rows = answer.rows.map((row) => {
    const cents = row.revenueCents.toString();
    if (!INTEGER.test(cents)) throw new RangeError(`revenue ${cents} is not an integer`);
    const fields = JSON.stringify({ merchantId: row.merchantId, day: row.day, currency: row.currency, orderCount: row.orderCount });
    return `${fields.slice(0, -1)},"revenueCents":${cents}}`;
  });
  return `{"rows":[${rows.join(',')}],"asOf":${JSON.stringify(answer.asOf)}}`;
}
