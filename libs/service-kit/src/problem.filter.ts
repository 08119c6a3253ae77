import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Problem, ProblemError } from './problem';

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
      this.logger.error({ err: error, method: request.method, url: request.url, requestId: request.id }, 'request failed');
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.toProblem();
  const fastifyCode = (error as { code?: string; statusCode?: number }).code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ProblemError(413, 'body-too-large', 'The request body is over 1 MB').toProblem();
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ProblemError(415, 'unsupported-media-type', 'Send JSON with content-type application/json').toProblem();
  if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError && /JSON/.test(error.message))) {
    return new ProblemError(400, 'malformed-json', 'The body is not valid JSON').toProblem();
  }
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ProblemError(statusCode, 'bad-request', (error as Error).message).toProblem();
  }
  if (error instanceof HttpException) {
    // Fastify's own refusals (bad JSON, too large, wrong media type) reach the filter wrapped by Nest.
    const status = error.getStatus();
    const slug =
      status === 404 ? 'not-found'
      : status === 413 ? 'body-too-large'
      : status === 415 ? 'unsupported-media-type'
      : status === 400 && /JSON/i.test(error.message) ? 'malformed-json'
      : 'http-error';
    return new ProblemError(status, slug, error.message).toProblem();
  }
  return new ProblemError(500, 'internal', 'An unexpected error occurred; it has been logged').toProblem();
}
