import type { AdminOperation } from '../domain/access-policy';
import { noQuery } from '../domain/requests';
import { deadLettersQuery, recentOrdersQuery, redriveBody } from '../dashboard/admin-requests';
import type { RouteSpec } from './routes';

/** The operator routes the dashboard reads (admin only, see POLICY); spread into ROUTES and RESPONSE_SCHEMAS. */
export const ADMIN_ROUTES: Record<AdminOperation, RouteSpec> = {
  recentOrders: {
    operation: 'recentOrders',
    method: 'GET',
    path: '/v1/admin/orders/recent',
    status: 200,
    tag: 'operations',
    summary: 'The most recently placed orders with their status and checkout saga step, newest first',
    query: recentOrdersQuery,
  },
  busStatus: {
    operation: 'busStatus',
    method: 'GET',
    path: '/v1/admin/bus',
    status: 200,
    tag: 'operations',
    summary: 'Lag and dead letters of every consumer group of every service',
    query: noQuery,
  },
  deadLetters: {
    operation: 'deadLetters',
    method: 'GET',
    path: '/v1/admin/dead-letters',
    status: 200,
    tag: 'operations',
    summary: 'Dead letters waiting in every service, newest failure first',
    query: deadLettersQuery,
  },
  redriveDeadLetters: {
    operation: 'redriveDeadLetters',
    method: 'POST',
    path: '/v1/admin/dead-letters/redrive',
    status: 200,
    tag: 'operations',
    summary: "Run a service's dead letters (all, or the given ids) through their handlers again",
    query: noQuery,
    body: redriveBody,
  },
};

const str = (example: string) => ({ type: 'string', example });
const int = (example: number) => ({ type: 'integer', example });
const time = { type: 'string', format: 'date-time', example: '2025-01-31T10:00:00.000Z' };
const unavailable = {
  type: 'array',
  description: 'Services that could not be asked (the rest still answered)',
  items: { type: 'object', properties: { service: str('payments'), status: int(503), detail: str('the payments service cannot be reached') } },
};

export const ADMIN_RESPONSE_SCHEMAS: Record<AdminOperation, Record<string, unknown>> = {
  recentOrders: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: str('42'),
            customerId: str('7'),
            merchantId: str('77'),
            status: str('PENDING'),
            sagaStep: { type: 'string', enum: ['AWAITING_RESERVATION', 'AWAITING_PAYMENT', 'PAYMENT_DECLINED', 'DONE'] },
            paymentAttempt: int(1),
            currency: str('USD'),
            totalCents: int(5000),
            itemCount: int(1),
            totalUnits: int(2),
            placedAt: time,
            updatedAt: time,
          },
        },
      },
    },
  },
  busStatus: {
    type: 'object',
    properties: {
      groups: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            service: str('projections'),
            group: str('projections-revenue'),
            mode: str('postgres'),
            lag: { type: 'object', additionalProperties: { type: 'integer' }, example: { 'orders.order_events': 0 } },
            totalLag: int(0),
            deadLetters: int(0),
          },
        },
      },
      unavailable,
    },
  },
  deadLetters: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            service: str('payments'),
            id: str('3'),
            consumerGroup: str('payments'),
            source: str('orders.order_events'),
            eventId: str('0b8f...'),
            eventType: str('orders.payment-requested'),
            aggregateId: str('42'),
            error: str('provider unavailable'),
            attempts: int(5),
            failedAt: time,
          },
        },
      },
      unavailable,
    },
  },
  redriveDeadLetters: {
    type: 'object',
    properties: {
      service: str('payments'),
      redriven: { type: 'array', items: str('3') },
      failed: { type: 'array', items: { type: 'object', properties: { id: str('4'), error: str('still failing') } } },
      notFound: { type: 'array', items: str('5'), description: 'Ids asked for that are not pending dead letters of that service' },
    },
  },
};
