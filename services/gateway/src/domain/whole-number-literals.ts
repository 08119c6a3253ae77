/**
 * Money and counts are whole numbers (API.md: floats are refused). JSON.parse turns `1999.00000000000001`, `1999.0`
 * and `2e3` into whole numbers before any schema sees them, so the request's own text is read: a money field
 * (`...Cents`), a `quantity` or an `inventoryCount` written with a fraction or an exponent is refused.
 */
const WHOLE_NUMBER_FIELD = /(?<!\\)"([A-Za-z]*Cents|quantity|inventoryCount)"\s*:\s*(-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)/g;

/** The whole-number fields of a JSON text whose number is written with a fraction or an exponent. */
export function fractionalWholeNumbers(json: string): string[] {
  const fields: string[] = [];
  for (const [, field, literal] of json.matchAll(WHOLE_NUMBER_FIELD)) if (/[.eE]/.test(literal) && !fields.includes(field)) fields.push(field);
  return fields;
}
