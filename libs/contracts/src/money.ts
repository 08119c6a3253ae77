/**
 * Money as it travels in version 2+ contracts: an exact count of minor units as a decimal string (a JSON number
 * loses precision above 2^53, and some currencies and aggregates get there) plus its ISO 4217 currency.
 */
export interface Money {
  /** Non-negative integer of minor units (cents for USD), digits only: parse with BigInt, never Number. */
  minorUnits: string;
  currency: string;
}

const currency = { type: 'string', pattern: '^[A-Z]{3}$' };

/** Up to 38 digits (NUMERIC(38) range); no sign, no leading zeros, no decimal point. */
export const moneySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['minorUnits', 'currency'],
  properties: { minorUnits: { type: 'string', pattern: '^(0|[1-9][0-9]{0,37})$' }, currency },
};

/** The same with a strictly positive amount, for captures and refunds. */
export const positiveMoneySchema = {
  ...moneySchema,
  properties: { minorUnits: { type: 'string', pattern: '^[1-9][0-9]{0,37}$' }, currency },
};
