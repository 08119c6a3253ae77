import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ROLES, type Role } from '@shop/service-kit';
import { POLICY, Rule } from '../domain/access-policy';
import type { Operation } from '../domain/access-policy';

/** RFC 9457 problem document, the body of every error. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'https://errors.shop.local/validation' },
    title: { type: 'string', example: 'Unprocessable Entity' },
    status: { type: 'integer', example: 422 },
    detail: { type: 'string', example: 'The request has invalid fields; see errors.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'items[0].quantity' }, message: { type: 'string', example: 'must be between 1 and 1000' } },
      },
    },
  },
};

export const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, or the Idempotency-Key header is missing or malformed',
  401: 'No valid bearer token',
  403: 'The role may not do this',
  404: 'Not found (also for resources of other customers or merchants)',
  409: 'Conflict: illegal or concurrent transition, duplicate, or an Idempotency-Key reused with another body',
  413: 'Body over 1 MB',
  415: 'The body is not application/json',
  422: 'Invalid fields (see errors), or something that looks like a card number',
  429: 'Rate limited; see Retry-After',
  503: 'A service the request needs is unavailable',
  504: 'A service the request needs did not answer in time',
};

const RULE_TEXT: Record<Rule, string> = {
  allow: 'yes',
  deny: 'no (403)',
  'self-path': 'only its own customer id (others: 404)',
  'self-body': 'only for itself, customerId = sub (others: 403)',
  'own-order': '', // role-specific, below
  'own-sku': 'only SKUs of its merchantId (others: 404)',
  'own-merchant-query': 'only its own merchantId, the default (others: 403)',
  'own-payment': '', // role-specific, below
};

function ruleText(rule: Rule, role: Role): string {
  const customer = role === 'customer';
  if (rule === 'own-order') return customer ? 'only its own orders (others: 404)' : 'only orders of its merchantId (others: 404)';
  if (rule === 'own-payment') return customer ? 'only payments of its own orders (others: 404)' : 'only payments of its merchantId (others: 404)';
  return RULE_TEXT[rule];
}

/** The roles column of an operation's description, from the authorisation table. */
export function describeRoles(operation: Operation): string {
  return ROLES.map((role) => `- **${role}**: ${ruleText(POLICY[operation][role], role)}`).join('\n');
}

/** Serves the OpenAPI UI at /docs and the document at /docs-json. */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Shop order platform API')
    .setDescription(
      'Public HTTP API of the order platform (see API.md). Bearer JWT (HS256) with claims `sub`, `role` and, for merchant and fulfillment, `merchantId`. ' +
        'Errors are `application/problem+json`. Money is an integer of minor units plus an ISO 4217 currency; ids are strings. Card numbers are never accepted anywhere.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), Problem: PROBLEM_SCHEMA as never } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}
