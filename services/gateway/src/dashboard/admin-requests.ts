import { UPSTREAMS } from '../gateway.config';
import { array, id, object, oneOf, optional, queryInteger } from '@shop/service-kit';

/** Query and body schemas of the operator routes (validated by the guard like every public route). */

export const RECENT_ORDERS_MAX = 200;
export const RECENT_ORDERS_DEFAULT = 50;
export const DEAD_LETTERS_DEFAULT = 100;

export const recentOrdersQuery = object({
  limit: optional(queryInteger({ min: 1, max: RECENT_ORDERS_MAX, description: `How many, newest first; default ${RECENT_ORDERS_DEFAULT}` })),
});

export const deadLettersQuery = object({
  limit: optional(queryInteger({ min: 1, max: 1000, description: `At most this many per service; default ${DEAD_LETTERS_DEFAULT}` })),
});

/** Every backend service has a bus connection (the gateway has none). */
export const BUS_SERVICES = UPSTREAMS;

export const redriveBody = object({
  service: oneOf(BUS_SERVICES, 'The service whose dead letters to run again'),
  ids: optional(
    array(id('Dead letter id', { jsonNumbers: false }), { min: 1, max: 1000, description: "Only these letters; all of the service's when left out" }),
  ),
});
