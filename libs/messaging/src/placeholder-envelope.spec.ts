import { orderIdOf, placeholderEnvelope } from './batch-processor';

// A message that failed its contract is dead-lettered under a placeholder; its log line still names the order.
describe('placeholderEnvelope', () => {
  it.each([
    ['a payload with its order id', { type: 'payments.payment-declined', aggregateType: 'payment', aggregateId: '9', payload: { orderId: '1' } }, { orderId: '1' }],
    ['an order event whose payload is broken', { type: 'orders.order-placed', aggregateType: 'order', aggregateId: '7', payload: 'x' }, { orderId: '7' }],
    ['a SKU event', { type: 'inventory.sku-changed', aggregateType: 'sku', aggregateId: '3', payload: {} }, {}],
    ['an order id that is not a string', { aggregateType: 'payment', payload: { orderId: 12 } }, {}],
    ['not an object at all', 'garbage', {}],
  ])('%s', (_what, raw, expected) => {
    expect(orderIdOf(placeholderEnvelope(raw))).toEqual(expected);
  });
});
