import { Output, Schema, checkedText, id, object, optional, queryInteger, queryList, text } from '@shop/service-kit/validation';

/**
 * What every public request body, query and path may hold (API.md). The OpenAPI document is built from these. The
 * bodies are service-kit's, shared with the internal APIs that receive them.
 */
export {
  ORDER_STATUSES,
  addressBody,
  addressPatchBody,
  cancelBody,
  createCustomerBody,
  createProductBody,
  createSkuBody,
  orderLookupQuery,
  placeOrderBody,
  restockBody,
  retryPaymentBody,
  transitionBody,
  updateSkuBody,
} from '@shop/service-kit/validation';

/** The fulfillment queue (pattern 4) holds open orders only; asking for another status is refused here, not upstream. */
export const QUEUE_STATUSES = ['PENDING', 'CONFIRMED'] as const;

/** Revenue reports span at most this many days. */
export const MAX_REVENUE_DAYS = 3660;

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
