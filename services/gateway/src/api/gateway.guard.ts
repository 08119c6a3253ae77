import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUtf8 } from 'node:buffer';
import {
  FieldError,
  JsonSchema,
  JwtVerifier,
  Principal,
  ProblemError,
  Schema,
  TokenRefusal,
  cardNumberField,
  problems,
  tokenRefusalDetail,
  validate,
} from '@shop/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rejectedRequests } from '../application/gateway-metrics';
import { Operation, actorOf, ruleFor } from '../domain/access-policy';
import { fractionalIntegers } from '../domain/whole-number-literals';
import { checkIdempotencyKey } from '../domain/idempotency-key';
import type { TokenBuckets } from '../domain/token-bucket';
import { GATEWAY_CONFIG, RATE_LIMITER } from '../gateway.tokens';
import type { GatewayConfig } from '../gateway.config';
import { metaOf, setGatewayContext } from './request-state';
import { OPERATION_KEY } from './route.decorator';
import { ROUTES } from './routes';

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

const bodySchemas = new WeakMap<Schema<unknown>, JsonSchema>();
/** A body's JSON Schema, built once per route. */
function jsonSchemaOf(body: Schema<unknown>): JsonSchema {
  let json = bodySchemas.get(body);
  if (!json) bodySchemas.set(body, (json = body.jsonSchema()));
  return json;
}

/**
 * Everything the gateway checks before a service is called, in order: rate limit (429), media type (415),
 * authentication (401), card numbers anywhere in the request (422), the Idempotency-Key header (400), the role
 * (403), then path, query and body (422). A request refused here reaches no service, so it changes nothing.
 * Ownership (404 for other customers' and merchants' resources) is checked by the use cases, which load the resource.
 */
@Injectable()
export class GatewayGuard implements CanActivate {
  private readonly tokens: JwtVerifier;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RATE_LIMITER) private readonly limiter: TokenBuckets,
  ) {
    this.tokens = new JwtVerifier(config.jwtSecret);
  }

  canActivate(execution: ExecutionContext): boolean {
    const operation = this.reflector.get<Operation | undefined>(OPERATION_KEY, execution.getHandler());
    if (!operation) return true;
    const http = execution.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const spec = ROUTES[operation];
    const meta = metaOf(request);

    const authenticated = this.authenticate(request.headers.authorization);
    const principal = 'principal' in authenticated ? authenticated.principal : null;
    if (meta && principal) meta.role = principal.role;
    this.rateLimit(principal ? actorOf(principal) : `ip:${request.ip}`, reply);
    // Bytes sent, not what a parser made of them: an empty text/plain body parses as '', and is no body.
    const sentBody = (meta?.rawBody.length ?? 0) > 0;
    this.checkMediaType(request, sentBody || (request.body !== undefined && request.body !== ''));
    if (!principal) {
      const { refusal, at } = authenticated as Exclude<typeof authenticated, { principal: Principal }>;
      // RFC 6750: a request without a token gets the bare challenge, a bad token says which error it is.
      void reply.header('www-authenticate', refusal === 'missing' ? 'Bearer' : `Bearer error="invalid_token", error_description="${refusal}"`);
      throw reject('unauthenticated', problems.unauthorized(tokenRefusalDetail(refusal, at)));
    }
    // The body as sent, decoded once for the checks that read its text (JSON.parse loses what they look for).
    const rawBytes = meta && meta.rawBody.length > 0 ? Buffer.concat(meta.rawBody) : undefined;
    // Fastify decoded it leniently: a byte that is not UTF-8 became U+FFFD, and would have been stored so.
    if (rawBytes && !isUtf8(rawBytes)) throw reject('malformed_json', problems.malformedJson('not-utf8'));
    const rawText = rawBytes?.toString('utf8');
    this.refuseCardNumbers(request, rawText);

    let idempotencyKey: string | undefined;
    if (spec.idempotencyKey) {
      const check = checkIdempotencyKey(request.headers['idempotency-key']);
      if (!check.ok) throw reject('idempotency_key', problems.badRequest(check.detail, check.slug));
      idempotencyKey = check.key;
    }

    if (ruleFor(operation, principal.role) === 'deny')
      throw reject('forbidden', problems.forbidden(`the ${principal.role} role may not call ${spec.method} ${spec.path}`));

    const errors: FieldError[] = [];
    const params = spec.params ? validate(spec.params, request.params ?? {}) : { ok: true as const, value: {} };
    if (!params.ok) errors.push(...params.errors);
    const query = validate(spec.query, request.query ?? {});
    if (!query.ok) errors.push(...query.errors);
    let body: unknown;
    if (spec.body) {
      const raw = !sentBody && spec.bodyOptional ? {} : request.body;
      const parsed =
        raw === undefined ? { ok: false as const, errors: [{ field: 'body', message: 'a JSON object body is required' }] } : validate(spec.body, raw);
      if (parsed.ok) body = parsed.value;
      else errors.push(...parsed.errors);
      // Money, quantities and counts written as 1999.0 or 2e3: JSON.parse made them whole numbers unseen.
      if (rawText !== undefined) {
        const named = new Set(errors.map((error) => error.field));
        for (const field of fractionalIntegers(rawText, jsonSchemaOf(spec.body))) {
          // Said once per field: a fraction the schema already saw (19.99) is its error.
          if (named.has(field)) continue;
          errors.push({ field, message: 'must be a whole number written without a fraction or an exponent (e.g. 1999)' });
        }
      }
    }
    // A body sent where none is read would be dropped unseen; the caller meant something by it.
    if (!spec.body && sentBody) errors.push({ field: 'body', message: 'this route takes no body: send the request without one' });
    if (errors.length > 0 || !params.ok || !query.ok) throw reject('validation', problems.validation(errors));

    setGatewayContext(request, {
      operation,
      principal,
      requestId: meta?.requestId ?? String(request.id),
      traceparent: meta?.traceparent ?? '',
      idempotencyKey,
      params: params.value,
      query: query.value,
      body,
      noCache: /no-cache/i.test(String(request.headers['cache-control'] ?? '')),
      ...(spec.path.startsWith('/v1/orders/:id') ? { orderId: String((params.value as { id: string }).id) } : {}),
    });
    return true;
  }

  private authenticate(header: string | undefined): { principal: Principal } | { refusal: TokenRefusal | 'missing'; at?: number } {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    // Basic auth, a bare token: said as a missing bearer token, whose detail shows the header to send.
    return match ? this.tokens.check(match[1]) : { refusal: 'missing' };
  }

  private rateLimit(key: string, reply: FastifyReply): void {
    const result = this.limiter.take(key, Date.now());
    if (result.allowed) return;
    void reply.header('retry-after', String(result.retryAfterSeconds));
    throw reject('rate_limited', new ProblemError(429, 'rate-limited', `Too many requests; retry after ${result.retryAfterSeconds} s`));
  }

  private checkMediaType(request: FastifyRequest, hasBody: boolean): void {
    if (!BODY_METHODS.has(request.method) || !hasBody) return;
    const mediaType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (mediaType !== 'application/json') throw reject('media_type', problems.unsupportedMediaType());
  }

  /** Body (raw and parsed), query, path and every header but Authorization; the value itself is never echoed. */
  private refuseCardNumbers(request: FastifyRequest, rawText: string | undefined): void {
    const field = cardNumberField(request, rawText);
    if (field !== null) throw reject('card_number', problems.cardNumber(field));
  }
}

function reject(reason: string, problem: ProblemError): ProblemError {
  rejectedRequests.inc({ reason });
  return problem;
}
