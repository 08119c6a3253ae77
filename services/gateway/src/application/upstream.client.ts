import { ProblemError } from '@shop/service-kit';
import type { FieldError } from '@shop/service-kit';
import type { GatewayConfig, Upstream } from '../gateway.config';
import { upstreamDuration } from './gateway-metrics';
import { keepAliveFetch } from './keep-alive-fetch';

/** Who is asking, carried to every service: correlation id, trace context and the actor of the timeline. */
export interface CallContext {
  requestId: string;
  traceparent: string;
  actor: string;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/internal/orders/42`. */
  path: string;
  body?: unknown;
  idempotencyKey?: string;
}

export type ProbeResult = { status: number; text: string } | { status: 'timeout' | 'unreachable' };

type Fetch = typeof fetch;

const PROBLEM_BASE = 'https://errors.shop.local/';

/**
 * HTTP client of the internal services. Every call has a deadline (UPSTREAM_TIMEOUT_MS): a service that does not
 * answer in time gives 504, one that cannot be reached 503. A service's problem response is passed on with its
 * status; anything else that is not a success is a 502.
 */
export class UpstreamClient {
  constructor(
    private readonly config: Pick<GatewayConfig, 'upstreams' | 'upstreamTimeoutMs'>,
    private readonly fetchImpl: Fetch = keepAliveFetch as unknown as Fetch,
  ) {}

  async call<T>(service: Upstream, request: UpstreamRequest, context: CallContext): Promise<T> {
    return (await this.exchange(service, request, context)).body as T;
  }

  /**
   * The same call, answering the success's JSON text as the service wrote it, for a body that must not go
   * through JavaScript numbers (revenue sums past 2^53 - 1 keep their digits).
   */
  async callText(service: Upstream, request: UpstreamRequest, context: CallContext): Promise<string> {
    return (await this.exchange(service, request, context)).text;
  }

  private async exchange(service: Upstream, request: UpstreamRequest, context: CallContext): Promise<{ body: unknown; text: string }> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-request-id': context.requestId,
      traceparent: context.traceparent,
      'x-actor': context.actor,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    const stop = upstreamDuration.startTimer({ upstream: service });
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const response = await this.fetchImpl(`${this.config.upstreams[service]}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.config.upstreamTimeoutMs),
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (error) {
      const timedOut = isTimeout(error);
      stop({ outcome: timedOut ? 'timeout' : 'unreachable' });
      if (timedOut) {
        const detail = `the ${service} service did not answer within ${this.config.upstreamTimeoutMs} ms${unknownOutcome(request)}`;
        throw new ProblemError(504, 'upstream-timeout', detail);
      }
      // Not reached, so nothing happened: any request may simply be repeated.
      throw new ProblemError(503, 'upstream-unavailable', `the ${service} service cannot be reached; try again shortly`);
    }
    stop({ outcome: String(status) });
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      if (body === INVALID_JSON) throw new ProblemError(502, 'bad-gateway', `the ${service} service answered with a body that is not JSON`);
      return { body, text };
    }
    throw passOn(service, status, contentType, body);
  }

  /** A plain GET with a short deadline, for readiness and metrics; never throws. */
  async probe(service: Upstream, path: string, timeoutMs: number): Promise<ProbeResult> {
    try {
      const response = await this.fetchImpl(`${this.config.upstreams[service]}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return { status: isTimeout(error) ? 'timeout' : 'unreachable' };
    }
  }
}

/**
 * What a write that timed out may have done, and how to find out: the service may have committed it after the
 * gateway stopped waiting. Repeating a checkout with a new key would place (and charge) a second order.
 */
function unknownOutcome(request: UpstreamRequest): string {
  if (request.method === 'GET') return '; try again shortly';
  if (request.idempotencyKey !== undefined) return '; it may still take effect: repeat it with the same Idempotency-Key (never a new one) to get its outcome';
  return '; it may still take effect: read the resource before repeating it';
}

const INVALID_JSON = Symbol('invalid-json');

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const causeName = (error as { cause?: { name?: string } })?.cause?.name;
  return name === 'TimeoutError' || name === 'AbortError' || causeName === 'TimeoutError';
}

/** The service's problem document with the service's status; a 502 when the answer is not a problem. */
export function passOn(service: Upstream, status: number, contentType: string, body: unknown): ProblemError {
  const isJson = /json/i.test(contentType);
  if (!isJson || body === null || typeof body !== 'object' || Array.isArray(body) || status < 400 || status > 599) {
    return new ProblemError(502, 'bad-gateway', `the ${service} service answered ${status} without a problem document`);
  }
  const { type, title, status: _status, detail, errors, ...extensions } = body as Record<string, unknown>;
  const slug = typeof type === 'string' && type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : 'upstream-error';
  const fieldErrors = Array.isArray(errors)
    ? errors
        .filter((entry): entry is FieldError => typeof entry?.field === 'string' && typeof entry?.message === 'string')
        .map(({ field, message }) => ({ field, message }))
    : undefined;
  return new ProblemError(status, slug, typeof detail === 'string' ? detail : `the ${service} service answered ${status}`, fieldErrors, {
    ...extensions,
    ...(typeof type === 'string' && !type.startsWith(PROBLEM_BASE) ? { type } : {}),
  });
}
