import { Readable, Transform } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { containsCardNumber } from '@shop/contracts';
import { BODY_LIMIT_BYTES, createServiceApp, isId, problems, randomHex } from '@shop/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { setUpOpenApi } from './api/openapi';
import { gatewayContextOf, metaOf, setMeta } from './api/request-state';
import { ROUTES } from './api/routes';
import { childTraceparent } from './domain/request-context';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** The order a `/v1/orders/:id...` route names, when the id is one (never a card number or other text sent there). */
function orderIdInPath(route: string | undefined, params: unknown): string | undefined {
  if (!route?.startsWith('/v1/orders/:id')) return undefined;
  const id = (params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && isId(id) && !containsCardNumber(id) ? id : undefined;
}

/** Routes a body is not required on ("DELETE /v1/customers/:id/addresses/:addressId", the optional cancel reason). */
const BODY_NOT_REQUIRED = new Set(
  Object.values(ROUTES)
    .filter((spec) => !spec.body || spec.bodyOptional)
    .map((spec) => `${spec.method} ${spec.path}`),
);

function bodyNotRequired(request: FastifyRequest): boolean {
  return BODY_NOT_REQUIRED.has(`${request.method} ${request.routeOptions?.url}`);
}

/** The whole of a stream, or undefined once it passes BODY_LIMIT_BYTES. */
async function readSmall(payload: AsyncIterable<Buffer>): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sentNothing(headers: Record<string, unknown>): boolean {
  return headers['transfer-encoding'] === undefined && (headers['content-length'] === undefined || headers['content-length'] === '0');
}

const VALID_TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Fastify hooks and OpenAPI of the gateway, applied to an app made by service-kit's createServiceApp before it
 * listens: request id and trace context, the raw-body tap for the card-number scan, `x-request-id` on every
 * answer, and one access-log line per request (method, route pattern, status, duration; never headers, bodies
 * or query strings).
 */
export function configureGateway(app: INestApplication, logger: Logger): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance() as unknown as FastifyInstance;

  fastify.addHook('onRequest', (request, reply, done) => {
    // request.id is the client's X-Request-Id when it is safe, else a fresh UUID (service-kit's genReqId).
    const requestId = String(request.id);
    // service-kit's tracing hook has already put the gateway's own server span in the header; calls to the
    // services continue from it. The fallback only runs if tracing is bypassed.
    const traceHeader = request.headers.traceparent;
    const traceparent =
      typeof traceHeader === 'string' && VALID_TRACEPARENT.test(traceHeader)
        ? traceHeader
        : childTraceparent(typeof traceHeader === 'string' ? traceHeader : undefined, randomHex(8), randomHex(16));
    setMeta(request, { requestId, traceparent, rawBody: [] });
    void reply.header('x-request-id', requestId);
    done();
  });

  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const chunks = metaOf(request)?.rawBody;
    // Fastify runs this hook for bodiless requests too; a tap per GET cost ~1.5% of the gateway's CPU on reads.
    if (!chunks || request.method === 'GET' || request.method === 'HEAD') return done(null, payload);
    // Many clients send `content-type: application/json` on every request. On a route that needs no body, an empty
    // one under it is no body (Fastify would parse it, and call it malformed JSON); where a body is needed it stays the 400.
    if (request.headers['content-type'] !== undefined && bodyNotRequired(request)) {
      if (sentNothing(request.headers)) {
        delete request.headers['content-type'];
        return done(null, payload);
      }
      // A chunked body announces no length: read it first to know whether it is empty.
      if (request.headers['transfer-encoding'] !== undefined) {
        void readSmall(payload).then((body) => {
          if (body === undefined) {
            // The rest of the body is never read, so the connection cannot carry another request; left open, it
            // was held for as long as the client kept it (and a stopping gateway waited for it).
            void reply.header('connection', 'close');
            return done(problems.bodyTooLarge());
          }
          if (body.length === 0) {
            delete request.headers['content-type'];
            delete request.headers['transfer-encoding'];
          } else chunks.push(body);
          done(null, Readable.from(body.length > 0 ? [body] : []));
        }, done);
        return;
      }
    }
    let kept = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (kept <= BODY_LIMIT_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        callback(null, chunk);
      },
    });
    payload.on('error', (error) => tap.destroy(error));
    done(null, payload.pipe(tap));
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const meta = metaOf(request);
    // A request the guard refused has no context; its route still names the order.
    const orderId = gatewayContextOf(request)?.orderId ?? orderIdInPath(request.routeOptions?.url, request.params);
    const line = {
      requestId: meta?.requestId,
      method: request.method,
      route: request.routeOptions?.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(meta?.role ? { role: meta.role } : {}),
      ...(orderId ? { orderId } : {}),
    };
    if (reply.statusCode >= 500 && line.route !== '/health') logger.warn(line, 'request failed');
    else logger.info(line, 'request');
    done();
  });

  setUpOpenApi(app);
}

/** The gateway app, configured but not listening (tests listen on port 0; main.ts uses bootstrapService). */
export async function createGatewayApp(config: GatewayConfig, logger: Logger, fetchImpl?: typeof fetch): Promise<NestFastifyApplication> {
  const app = await createServiceApp({
    name: 'gateway',
    module: GatewayModule.register({ config, logger, fetch: fetchImpl }) as never,
    logger,
    refuseCardNumbers: false,
  });
  configureGateway(app, logger);
  return app;
}
