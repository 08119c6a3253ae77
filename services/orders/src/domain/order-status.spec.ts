import { OrderStatus, canTransition, checkRequestedTransition, isTerminal } from './order-status';

describe('order lifecycle', () => {
  it.each<[OrderStatus, OrderStatus, boolean]>([
    ['PENDING', 'CONFIRMED', true],
    ['PENDING', 'CANCELLED', true],
    ['PENDING', 'SHIPPED', false],
    ['CONFIRMED', 'SHIPPED', true],
    ['CONFIRMED', 'CANCELLED', true],
    ['CONFIRMED', 'PENDING', false],
    ['SHIPPED', 'DELIVERED', true],
    ['SHIPPED', 'CANCELLED', false],
    ['DELIVERED', 'PENDING', false],
    ['DELIVERED', 'CANCELLED', false],
    ['CANCELLED', 'PENDING', false],
    ['CANCELLED', 'CONFIRMED', false],
  ])('%s -> %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each<[OrderStatus, boolean]>([
    ['PENDING', false],
    ['CONFIRMED', false],
    ['SHIPPED', false],
    ['DELIVERED', true],
    ['CANCELLED', true],
  ])('%s terminal: %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });
});

describe('checkRequestedTransition', () => {
  it.each<[OrderStatus, OrderStatus, OrderStatus | undefined, string]>([
    ['CONFIRMED', 'SHIPPED', undefined, 'ok'],
    ['CONFIRMED', 'SHIPPED', 'CONFIRMED', 'ok'],
    ['SHIPPED', 'DELIVERED', 'SHIPPED', 'ok'],
    ['CONFIRMED', 'SHIPPED', 'PENDING', 'stale'],
    ['DELIVERED', 'PENDING', undefined, 'illegal'],
    ['PENDING', 'CONFIRMED', undefined, 'payment-only'],
    ['PENDING', 'SHIPPED', undefined, 'illegal'],
    ['CANCELLED', 'DELIVERED', 'CANCELLED', 'illegal'],
  ])('%s -> %s (expectedFrom %s): %s', (current, to, expectedFrom, outcome) => {
    const result = checkRequestedTransition(current, to, expectedFrom);
    expect(result.ok ? 'ok' : result.error.kind).toBe(outcome);
  });
});
