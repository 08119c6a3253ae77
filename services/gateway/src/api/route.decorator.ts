import { Delete, Get, HttpCode, Patch, Post, SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Operation } from '../domain/access-policy';
import type { JsonSchema } from '@shop/service-kit';
import { PROBLEM_DESCRIPTIONS, PROBLEM_REF, describeRoles } from './openapi';
import { RESPONSE_SCHEMAS } from './response-schemas';
import { ROUTES, pathParameters } from './routes';

export const OPERATION_KEY = 'gateway:operation';

/** Problems every route can answer; writes also refuse bodies (400 malformed, 413, 415). */
const READ_PROBLEMS = [401, 403, 422, 429, 503, 504];
const WRITE_PROBLEMS = [400, 401, 403, 413, 415, 422, 429, 503, 504];

/**
 * Declares a controller method as a public route from the route table: its path and status, the operation the
 * guard authorises and validates, and its OpenAPI description.
 */
export function Route(operation: Operation): MethodDecorator {
  const spec = ROUTES[operation];
  const mapping = { GET: Get, POST: Post, PATCH: Patch, DELETE: Delete }[spec.method](spec.path);
  const decorators: (MethodDecorator | ClassDecorator)[] = [
    mapping,
    HttpCode(spec.status),
    SetMetadata(OPERATION_KEY, operation),
    ApiTags(spec.tag),
    ApiBearerAuth('bearer'),
    ApiOperation({ operationId: operation, summary: spec.summary, description: `Who may call it:\n${describeRoles(operation)}` }),
    ApiResponse({ status: spec.status, description: spec.summary, ...(RESPONSE_SCHEMAS[operation] ? { schema: RESPONSE_SCHEMAS[operation] as never } : {}) }),
  ];
  const paramSchemas = (spec.params as { shape?: Record<string, { jsonSchema(): JsonSchema }> } | undefined)?.shape ?? {};
  for (const name of pathParameters(spec.path)) {
    decorators.push(ApiParam({ name, required: true, schema: (paramSchemas[name]?.jsonSchema() ?? { type: 'string' }) as never }));
  }
  const queryShape = (spec.query as { shape?: Record<string, { optional: boolean; jsonSchema(): JsonSchema }> }).shape ?? {};
  for (const [name, field] of Object.entries(queryShape)) {
    decorators.push(ApiQuery({ name, required: !field.optional, schema: field.jsonSchema() as never }));
  }
  if (spec.body) decorators.push(ApiBody({ required: !spec.bodyOptional, schema: spec.body.jsonSchema() as never }));
  if (spec.idempotencyKey) {
    decorators.push(
      ApiHeader({
        name: 'Idempotency-Key',
        required: true,
        description: 'Unique per intended operation (1-255 visible ASCII characters, no spaces); a retry with the same key and body returns the first result',
      }),
    );
  }
  for (const status of [...new Set([...(spec.method === 'GET' ? READ_PROBLEMS : WRITE_PROBLEMS), ...(spec.problems ?? [])])].sort()) {
    decorators.push(
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: { 'application/problem+json': { schema: PROBLEM_REF } } }),
    );
  }
  return applyDecorators(...decorators);
}
