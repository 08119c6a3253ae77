import { randomUUID } from 'node:crypto';
import { containsCardNumber } from '@shop/contracts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The request id to use: the caller's `X-Request-Id` when it is a plain token (letters, digits and `._:-`, at most
 * 100) that holds no card number, else `fallback`. It goes into logs, spans and events' correlation ids, so what a
 * caller sends must not carry anything there that the API refuses elsewhere.
 */
export function safeRequestId(candidate: string | undefined, fallback: string): string {
  return candidate !== undefined && SAFE_REQUEST_ID.test(candidate) && !containsCardNumber(candidate) ? candidate : fallback;
}

/** Fastify's request id (genReqId): the caller's X-Request-Id when it is safe, else a fresh UUID. */
export function requestIdFrom(header: unknown): string {
  return safeRequestId(typeof header === 'string' ? header : undefined, randomUUID());
}
