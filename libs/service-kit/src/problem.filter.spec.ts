import { NotFoundException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { ProblemError } from './problem';
import { ProblemFilter, toProblem } from './problem.filter';

describe('toProblem', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 503],
    ['a session ended by a fast shutdown', withCode('terminating connection due to administrator command', '57P01'), 503],
    ['a server still starting up', withCode('the database system is starting up', '57P03'), 503],
    ['a connection exception', withCode('connection failure', '08006'), 503],
    ['a session lost mid-query', new Error('Connection terminated unexpectedly'), 503],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505'), 500],
    ['any other error', new Error('boom'), 500],
  ])('answers %s with %i', (_what, error, status) => {
    expect(toProblem(error).status).toBe(status);
  });

  it("answers the router's 404 without the path it was given", () => {
    const problem = toProblem(new NotFoundException('Cannot GET /v1/x/4111111111111111?pan=1'));
    expect(problem).toMatchObject({ status: 404 });
    expect(problem.detail).toBe('No route answers GET on this path; the API is listed at /docs');
  });
});

describe('ProblemFilter', () => {
  const answer = (error: unknown) => {
    const headers: Record<string, string> = {};
    const reply = { status: () => reply, header: (name: string, value: string) => ((headers[name] = value), reply), send: () => reply };
    const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method: 'GET', url: '/x', id: '1' }) }) } as unknown as ArgumentsHost;
    new ProblemFilter(pino({ level: 'silent' })).catch(error, host);
    return headers['retry-after'];
  };

  it.each([
    ['the database unreachable (503)', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), '1'],
    ['a 504 that names its own wait', new ProblemError(504, 'upstream-timeout', 'slow').retryAfter(3), '3'],
    ['a 409', new ProblemError(409, 'conflict', 'no'), undefined],
    ['a 500', new Error('boom'), undefined],
  ])('says when to retry after %s', (_what, error, retryAfter) => {
    expect(answer(error)).toBe(retryAfter);
  });
});
