import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { redactCardNumbers } from '@shop/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Problem, ProblemError, problems } from './problem';

/** Turns every error into application/problem+json; unexpected errors are logged and hidden behind a 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error);
    if (problem.status >= 500) {
      this.logger.error({ err: error, method: request.method, url: redactCardNumbers(request.url), requestId: request.id }, 'request failed');
    }
    // Every 503 and 504 says when to try again (a second, unless the error says otherwise).
    const retryAfter = error instanceof ProblemError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds : problem.status === 503 || problem.status === 504 ? 1 : undefined;
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.toProblem();
  const refusal = bodyRefusal(error);
  if (refusal) return refusal.toProblem();
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ProblemError(statusCode, 'bad-request', (error as Error).message).toProblem();
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // The router's own 404 ("Cannot GET /the/path?and=query") would echo the URL, whatever the caller put in it.
    const unrouted = status === 404 ? /^Cannot ([A-Z]+) /.exec(error.message) : null;
    if (unrouted) return new ProblemError(404, 'not-found', `No route answers ${unrouted[1]} on this path; the API is listed at /docs`).toProblem();
    return new ProblemError(status, status === 404 ? 'not-found' : 'http-error', error.message).toProblem();
  }
  if (databaseUnreachable(error)) return problems.unavailable('the database cannot be reached right now; retry shortly (a write with an Idempotency-Key is safe to repeat)').toProblem();
  return new ProblemError(500, 'internal', 'An unexpected error occurred; it has been logged').toProblem();
}

/** Node's refusals of a connection, and Postgres's classes for a lost or refused session (08, and 57P01-57P03). */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/**
 * Whether the error is the database going away or refusing sessions (a restart, a failover): the request may
 * succeed when repeated, so it is a 503, not a 500.
 */
export function databaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (CONNECTION_ERRORS.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /^Connection terminated|^Client has encountered a connection error|^timeout exceeded when trying to connect/.test(message);
}

/**
 * Fastify's refusals of a body (too large, not JSON, unparsable). Nest hands them to the filter wrapped in an
 * HttpException that keeps only the status and Fastify's message, so they are recognised by either; the answer
 * is the one a guard gives, which says what to send instead.
 */
function bodyRefusal(error: unknown): ProblemError | undefined {
  const fields = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  const code = fields.code;
  const status = error instanceof HttpException ? error.getStatus() : fields.statusCode;
  const message = error instanceof Error ? error.message : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return problems.bodyTooLarge();
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return problems.unsupportedMediaType();
  const badJson = status === 400 && /JSON/i.test(message);
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (badJson && /empty/i.test(message))) return problems.malformedJson('empty');
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || badJson || (error instanceof SyntaxError && /JSON/.test(message))) return problems.malformedJson();
  return undefined;
}
