import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { CONFIG_ERROR_EXIT_CODE, ConfigError } from '@shop/config';
import type { Span } from '@opentelemetry/api';
import { collectProcessMetrics, httpDuration } from './metrics';
import { SpanKind, childTraceparentOf, endSpan, initTracing, startSpan, traceparentOf, tracingRecords } from './tracing';
import { ProblemFilter } from './problem.filter';
import { problems } from './problem';
import { requestIdFrom } from './request-id';
import { cardNumberField } from './pci/card-number-fields';
import { stopWhenSupervisorGone } from './supervisor-watch';

export interface BootstrapOptions {
  name: string;
  module: Type<unknown>;
  port: number;
  host: string;
  logger: Logger;
  /**
   * Answer a request holding a card number with the gateway's 422 before any handler runs (default). The gateway
   * turns it off: its guard does the same scan, and more (the raw body), in its order of checks.
   */
  refuseCardNumbers?: boolean;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Creates the Fastify-backed Nest app every service uses: 1 MB bodies, problem+json errors, request timing. */
export async function createServiceApp(options: Omit<BootstrapOptions, 'port' | 'host'>): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A `__proto__` or `constructor.prototype` key is valid JSON that Fastify would refuse as "not JSON" (a 400
    // saying the wrong thing). JSON.parse keeps it as a plain own property, and every body schema refuses keys it
    // does not know (`scalarRecord` refuses `__proto__`), so the caller gets the 422 naming the field instead.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    logger: false,
    genReqId: (request: { headers: Record<string, unknown> }) => requestIdFrom(request.headers['x-request-id']),
  });
  collectProcessMetrics();
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, { logger: ['error', 'warn'], bufferLogs: false });
  app.useGlobalFilters(new ProblemFilter(options.logger));
  const fastify = app.getHttpAdapter().getInstance();
  const spans = new WeakMap<object, Span>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.url.startsWith('/health') || request.url === '/metrics') return done();
    // One server span per request, child of the caller's traceparent; downstream code (and the events the
    // request causes) see this span's traceparent in the header, so every hop hangs off the right parent.
    const incoming = typeof request.headers.traceparent === 'string' ? request.headers.traceparent : undefined;
    if (!tracingRecords()) {
      // Nothing is recorded: only the new span's traceparent matters (its name and span objects cost ~5% of a
      // cached order read in the gateway).
      request.headers.traceparent = childTraceparentOf(incoming);
      return done();
    }
    // The route's pattern, never the path as sent: an unrouted path may hold anything, a card number included.
    const span = startSpan(`${request.method} ${request.routeOptions?.url ?? 'unmatched'}`, SpanKind.SERVER, incoming, {
      'http.method': request.method,
      'http.request_id': String(request.id),
    });
    spans.set(request, span);
    request.headers.traceparent = traceparentOf(span);
    done();
  });
  if (options.refuseCardNumbers !== false) {
    // PCI holds behind the gateway too: a caller on the internal port must not store a card number either.
    fastify.addHook('preValidation', (request, reply, done) => {
      const field = cardNumberField(request);
      if (field === null) return done();
      void reply.status(422).header('content-type', 'application/problem+json').send(problems.cardNumber(field).toProblem());
    });
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.status_code', reply.statusCode);
      span.setAttribute('http.route', route);
      endSpan(span, reply.statusCode >= 500 ? new Error(`HTTP ${reply.statusCode}`) : undefined);
    }
    done();
  });
  initTracing(options.name);
  return app;
}

/**
 * Starts a service and logs where it listens; once its npm start is gone, stops it (stopWhenSupervisorGone). On a start-up error, logs it and exits 1 so the supervisor restarts it (2 on a ConfigError). */
export async function bootstrapService(options: BootstrapOptions, configure?: (app: INestApplication) => Promise<void> | void): Promise<INestApplication> {
  try {
    const app = await createServiceApp(options);
    if (configure) await configure(app);
    await app.listen(options.port, options.host);
    options.logger.info({ port: options.port }, `${options.name} listening on http://${options.host}:${options.port}`);
    stopWhenSupervisorGone(options.name, options.logger);
    return app;
  } catch (error) {
    // A bad setting read late (OTEL_BSP_SCHEDULE_DELAY, by initTracing) fails every restart alike: one line, and
    // the exit code that tells the supervisor not to restart.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(CONFIG_ERROR_EXIT_CODE);
    }
    options.logger.fatal({ err: error }, `${options.name} failed to start`);
    process.exit(1);
  }
}

