/** Nest injection tokens of the gateway. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
