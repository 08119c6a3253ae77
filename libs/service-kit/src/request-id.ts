import { randomUUID } from 'node:crypto';
import { containsCardNumber } from '@shop/contracts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The request's id: the caller's X-Request-Id when it is a plain token (letters, digits and `._:-`, at most 100)
 * that holds no card number, else a fresh UUID. It goes into logs, spans and events' correlation ids, so what a
 * caller sends must not carry anything there that the API refuses elsewhere.
 */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) && !containsCardNumber(header) ? header : randomUUID();
}
