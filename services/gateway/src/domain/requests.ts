import { isCountryCode } from './countries';
import { isActiveCurrency } from './currencies';
import {
  Output,
  Schema,
  array,
  checkedText,
  id,
  integer,
  money,
  nullable,
  object,
  oneOf,
  optional,
  queryInteger,
  queryList,
  scalarRecord,
  text,
} from './schema';

/** What every public request body, query and path may hold (API.md). The OpenAPI document is built from these. */

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The fulfillment queue (pattern 4) holds open orders only; asking for another status is refused here, not upstream. */
export const QUEUE_STATUSES = ['PENDING', 'CONFIRMED'] as const;

/** Units of one SKU per order line (and per restock call). */
export const MAX_QUANTITY = 1000;
export const MAX_ORDER_LINES = 100;
/** Revenue reports span at most this many days. */
export const MAX_REVENUE_DAYS = 3660;

const quantity = () => integer({ min: 1, max: MAX_QUANTITY, description: `Units, 1 to ${MAX_QUANTITY}` });

const currency = () =>
  checkedText({
    min: 3,
    max: 3,
    accept: isActiveCurrency,
    message: 'must be an active ISO 4217 currency code in upper case, e.g. USD',
    description: 'ISO 4217 code',
    example: 'USD',
  });

const countryCode = () =>
  checkedText({
    min: 2,
    max: 2,
    accept: isCountryCode,
    message: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. GB',
    description: 'ISO 3166-1 alpha-2',
    example: 'GB',
  });

const email = () =>
  text({ max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, patternMessage: 'must be an email address such as ada@example.com', example: 'ada@example.com' });

/** Payment provider tokens (`tok_visa`): card details themselves are never accepted. */
const paymentToken = () =>
  text({
    max: 200,
    pattern: /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/,
    patternMessage: 'must be a payment provider token such as tok_visa; card details are never accepted',
    example: 'tok_visa',
  });

const reason = () => optional(nullable(text({ min: 0, max: 500, description: 'Free text kept in the order timeline' })));

/** A calendar date, YYYY-MM-DD, that exists. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}
const day = () => checkedText({ min: 10, max: 10, accept: isCalendarDate, message: 'must be a date in the form YYYY-MM-DD', example: '2025-01-31' });

/** Keyset cursors are opaque: the gateway hands back what a service issued and checks only its shape (base64 or base64url). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_.+\/-]{1,512}={0,2}$/;
const cursor = () =>
  text({
    max: 514,
    pattern: CURSOR_PATTERN,
    patternMessage: 'must be a nextCursor value from a previous page',
    description: 'nextCursor of the previous page',
  });

const addressFields = {
  line1: text({ max: 255, example: '1 Analytical Way' }),
  line2: optional(nullable(text({ min: 0, max: 255 }))),
  city: text({ max: 100, example: 'London' }),
  state: optional(nullable(text({ min: 0, max: 100 }))),
  postalCode: text({ max: 20, example: 'N1 1AA' }),
  countryCode: countryCode(),
};

export const addressBody = object(addressFields, { description: 'A postal address' });
export const addressPatchBody = object(
  {
    line1: optional(addressFields.line1),
    line2: addressFields.line2,
    city: optional(addressFields.city),
    state: addressFields.state,
    postalCode: optional(addressFields.postalCode),
    countryCode: optional(countryCode()),
  },
  { minProperties: 1, description: 'Any of the address fields; placed orders keep their snapshot' },
);

export const createCustomerBody = object({ email: email(), fullName: text({ max: 255, example: 'Ada Lovelace' }) });

export const createProductBody = object({
  merchantId: id('Merchant id'),
  name: text({ max: 255, example: 'Widget' }),
  description: optional(nullable(text({ min: 0, max: 10_000 }))),
});

export const createSkuBody = object({
  productId: id('Product id'),
  skuCode: text({ max: 100, pattern: /^[\x21-\x7e]+$/, patternMessage: 'must be printable ASCII without spaces', example: 'WIDGET-RED-M' }),
  attributes: optional(scalarRecord({ maxKeys: 50, keyMax: 50, valueMax: 500, description: 'Flat attributes such as { "size": "M" }' })),
  priceCents: money('Unit price in minor units'),
  currency: currency(),
  inventoryCount: integer({ min: 0, max: 1_000_000_000, description: 'Units on hand' }),
});

export const updateSkuBody = object({ priceCents: optional(money('New unit price in minor units')) }, { minProperties: 1 });

export const restockBody = object({ quantity: quantity() });

export const placeOrderBody = object(
  {
    customerId: id('Customer id (a customer may order only for itself)'),
    shippingAddressId: optional(id('A saved address of the customer')),
    shippingAddress: optional(addressBody),
    items: array(object({ skuId: id('SKU id'), quantity: quantity() }), {
      min: 1,
      max: MAX_ORDER_LINES,
      description: 'One merchant and one currency per order',
    }),
    payment: object({ token: paymentToken() }),
  },
  {
    description: 'Give exactly one of shippingAddressId and shippingAddress',
    refine(value, path, errors) {
      const given = [value.shippingAddressId, value.shippingAddress].filter((field) => field !== undefined).length;
      if (given !== 1)
        errors.push({ field: path ? `${path}.shippingAddressId` : 'shippingAddressId', message: 'give exactly one of shippingAddressId or shippingAddress' });
    },
  },
);

export const transitionBody = object({
  to: oneOf(ORDER_STATUSES, 'Target status'),
  expectedFrom: optional(oneOf(ORDER_STATUSES, 'Refuse with 409 unless the order is in this status')),
  reason: reason(),
});

export const cancelBody = object({ reason: reason() });

export const retryPaymentBody = object({ token: paymentToken() });

const pathId = (description: string) => id(description, { jsonNumbers: false });
export const idParams = object({ id: pathId('Id') });
export const addressParams = object({ id: pathId('Customer id'), addressId: pathId('Address id') });

export const noQuery = object({});

export const historyQuery = object({
  limit: optional(queryInteger({ min: 1, max: 100, description: 'Page size, default 20' })),
  cursor: optional(cursor()),
});

export const queueQuery = object({
  merchantId: optional(id('Merchant id; merchant and fulfillment tokens default to their own, admin must give it', { jsonNumbers: false })),
  status: optional(queryList(QUEUE_STATUSES, 'Statuses to list, default PENDING,CONFIRMED (the queue holds open orders only)')),
  limit: optional(queryInteger({ min: 1, max: 500, description: 'Page size, default 100' })),
  cursor: optional(cursor()),
});

export const paymentLookupQuery = object({ idempotencyKey: text({ max: 255, description: 'The Idempotency-Key of the payment attempt' }) });

export const revenueQuery = object(
  { merchantId: optional(id('Merchant id; all merchants when left out', { jsonNumbers: false })), from: day(), to: day() },
  {
    refine(value, _path, errors) {
      const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
      if (days < 0) errors.push({ field: 'to', message: 'must not be before from' });
      else if (days >= MAX_REVENUE_DAYS) errors.push({ field: 'to', message: `must be less than ${MAX_REVENUE_DAYS} days after from` });
    },
  },
);

export type PlaceOrderBody = Output<typeof placeOrderBody>;
export type QueueQuery = Output<typeof queueQuery>;
export type HistoryQuery = Output<typeof historyQuery>;
export type RevenueQuery = Output<typeof revenueQuery>;

/** The schemas of one request; absent parts must be absent (no body) or empty (no query). */
export interface RequestSchemas {
  params?: Schema<Record<string, unknown>>;
  query: Schema<Record<string, unknown>>;
  body?: Schema<Record<string, unknown>>;
  /** The body may be left out altogether (cancel). */
  bodyOptional?: boolean;
}
