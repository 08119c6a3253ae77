import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { httpDuration } from './metrics';
import { ProblemFilter } from './problem.filter';

export interface BootstrapOptions {
  name: string;
  module: Type<unknown>;
  port: number;
  host: string;
  logger: Logger;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Creates the Fastify-backed Nest app every service uses: 1 MB bodies, problem+json errors, request timing. */
export async function createServiceApp(options: Omit<BootstrapOptions, 'port' | 'host'>): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    genReqId: (request: { headers: Record<string, unknown> }) => (request.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, { logger: ['error', 'warn'], bufferLogs: false });
  app.useGlobalFilters(new ProblemFilter(options.logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.enableShutdownHooks();
  return app;
}

/** Starts a service and logs where it listens; on a start-up error, logs it and exits 1 so the supervisor restarts it. */
export async function bootstrapService(options: BootstrapOptions, configure?: (app: INestApplication) => Promise<void> | void): Promise<INestApplication> {
  try {
    const app = await createServiceApp(options);
    if (configure) await configure(app);
    await app.listen(options.port, options.host);
    options.logger.info({ port: options.port }, `${options.name} listening on http://${options.host}:${options.port}`);
    return app;
  } catch (error) {
    options.logger.fatal({ err: error }, `${options.name} failed to start`);
    process.exit(1);
  }
}

