import { AGGREGATE_TYPES, aggregateTypesIn } from './topics';

describe('aggregateTypesIn: the topics an outbox table feeds', () => {
  it.each([
    ['orders.order_events', ['order']],
    ['inventory.outbox', ['reservation', 'sku']],
    ['payments.outbox', ['payment']],
    ['readmodels.nothing', []],
  ])('%s', (table, types) => {
    expect(aggregateTypesIn(table)).toEqual(types);
  });

  it('covers every aggregate type once', () => {
    expect([...AGGREGATE_TYPES].sort()).toEqual(['order', 'payment', 'reservation', 'sku']);
  });
});
