import { FieldError, isId, problems } from '@shop/service-kit';
import type { DeadLetterOrder } from '../consumer-store';

export const DEAD_LETTERS_LIMIT = { default: 100, max: 1000 } as const;
const MAX_REDRIVE_IDS = 1000;

/** `?limit=` of the dead-letter list: absent is the default; anything but an integer in range is refused. */
export function deadLettersLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEAD_LETTERS_LIMIT.default;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > DEAD_LETTERS_LIMIT.max) {
    throw problems.validation([{ field: 'limit', message: `must be an integer from 1 to ${DEAD_LETTERS_LIMIT.max}` }]);
  }
  return Number(raw);
}

/** `?order=`: `oldest` first (the default, the order a redrive takes) or `newest` first (the dashboard). */
export function deadLettersOrder(raw: string | undefined): DeadLetterOrder {
  if (raw === undefined || raw === '' || raw === 'oldest') return 'oldest';
  if (raw === 'newest') return 'newest';
  throw problems.validation([{ field: 'order', message: 'must be oldest or newest' }]);
}

/**
 * The letters a redrive names, or undefined for all of them. Only a body without `ids` means all: a typo such
 * as `{"ids": "5"}` used to redrive every letter of the service.
 */
export function redriveIds(body: unknown): string[] | undefined {
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && !('ids' in body))) return undefined;
  const ids = typeof body === 'object' && !Array.isArray(body) ? (body as { ids?: unknown }).ids : undefined;
  const errors: FieldError[] = [];
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_REDRIVE_IDS) {
    errors.push({ field: 'ids', message: `must be a list of 1 to ${MAX_REDRIVE_IDS} dead letter ids, or left out to redrive them all` });
  } else {
    ids.forEach((value, index) => {
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !isId(text)) errors.push({ field: `ids[${index}]`, message: 'must be a dead letter id (a positive integer)' });
    });
  }
  if (errors.length > 0) throw problems.validation(errors);
  return (ids as unknown[]).map(String);
}
