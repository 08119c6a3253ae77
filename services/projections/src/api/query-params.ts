import { FieldError, isId, problems } from '@shop/service-kit';
import { OpenStatus, isOpenStatus } from '../domain/fulfillment-queue';
import { decodeQueueCursor } from '../domain/queue-cursor';
import type { QueuePageRequest } from '../application/fulfillment-queue.query';

/** Query values as Fastify hands them over: a repeated key becomes an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
/** Same bound as the gateway (ten years): wider windows are exports, not API calls. */
export const MAX_REVENUE_DAYS = 3660;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** A positive bigint id as text, or undefined. */
export function parseId(text: string | undefined): string | undefined {
  return isId(text) ? text : undefined;
}

function parseDay(text: string | undefined): string | undefined {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const millis = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 10) === text ? text : undefined;
}

export function parseQueueQuery(query: RawQuery): QueuePageRequest {
  const errors: FieldError[] = [];
  const merchantId = parseId(single(query, 'merchantId'));
  if (!merchantId) errors.push({ field: 'merchantId', message: 'is required: a positive integer id' });
  const statusText = single(query, 'status') ?? 'PENDING,CONFIRMED';
  const requested = [...new Set(statusText.split(',').map((status) => status.trim().toUpperCase()).filter(Boolean))];
  const statuses = requested.filter(isOpenStatus) as OpenStatus[];
  if (requested.length === 0 || statuses.length !== requested.length) {
    errors.push({ field: 'status', message: 'the queue holds open orders only: give PENDING, CONFIRMED or both, comma-separated' });
  }
  const limitText = single(query, 'limit');
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push({ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` });
  const cursorText = single(query, 'cursor');
  const after = cursorText ? decodeQueueCursor(cursorText) : undefined;
  if (cursorText && !after) errors.push({ field: 'cursor', message: 'is not a cursor this API returned' });
  if (errors.length > 0) throw problems.validation(errors);
  return { merchantId: merchantId!, statuses, limit, ...(after ? { after } : {}) };
}

export function parseRevenueQuery(query: RawQuery): { from: string; to: string; merchantId?: string } {
  const errors: FieldError[] = [];
  const merchantText = single(query, 'merchantId');
  const merchantId = merchantText === undefined ? undefined : parseId(merchantText);
  if (merchantText !== undefined && !merchantId) errors.push({ field: 'merchantId', message: 'must be a positive integer id' });
  const from = parseDay(single(query, 'from'));
  const to = parseDay(single(query, 'to'));
  if (!from) errors.push({ field: 'from', message: 'is required: a calendar day YYYY-MM-DD (UTC)' });
  if (!to) errors.push({ field: 'to', message: 'is required: a calendar day YYYY-MM-DD (UTC)' });
  if (from && to) {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) errors.push({ field: 'to', message: 'must not be before from' });
    else if (days >= MAX_REVENUE_DAYS) errors.push({ field: 'to', message: `must be less than ${MAX_REVENUE_DAYS} days after from` });
  }
  if (errors.length > 0) throw problems.validation(errors);
  return { from: from!, to: to!, ...(merchantId ? { merchantId } : {}) };
}
