/** Nest injection tokens shared by the services. */
export const PG_POOL = Symbol('PG_POOL');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');

/** Time source; domain code takes `now` as an argument, adapters read it from here so tests can pin it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
