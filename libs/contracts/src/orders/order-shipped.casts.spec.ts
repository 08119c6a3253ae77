import type { EventContract } from '../contract';
import { newEvent } from '../envelope';
import { validateEnvelope } from '../validation';
import { downcastOrderShippedV2ToV1, upcastOrderShippedV1ToV2 } from './order-shipped.casts';
import { OrderShippedV1, OrderShippedV1Contract } from './order-shipped.v1';
import { OrderShippedV2, OrderShippedV2Contract } from './order-shipped.v2';

const context = { correlationId: 'request:1', causationId: 'request:1' };
/** The contract's problems with a payload, as a publisher or a consumer would meet them ([] when valid). */
function validatePayload(contract: EventContract<any>, payload: unknown): string[] {
  try {
    validateEnvelope({ ...newEvent(contract, '42', payload, context), sequence: 1 });
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const base: OrderShippedV1 = { orderId: '42', merchantId: '7', actor: 'merchant:m1@merchant:7', fromStatus: 'CONFIRMED', toStatus: 'SHIPPED', reason: null };

describe('OrderShipped casts', () => {
  it.each<[string, OrderShippedV2, OrderShippedV1]>([
    ['with a tracking number: v1 leaves it out', { ...base, trackingNumber: '1Z999AA10123456784' }, base],
    ['without one', base, base],
    ['with a reason', { ...base, reason: 'packed', trackingNumber: 'X' }, { ...base, reason: 'packed' }],
  ])('downcasts %s, to a valid v1 payload', (_what, v2, v1) => {
    expect(validatePayload(OrderShippedV2Contract, v2)).toEqual([]);
    expect(downcastOrderShippedV2ToV1(v2)).toEqual(v1);
    expect(validatePayload(OrderShippedV1Contract, downcastOrderShippedV2ToV1(v2))).toEqual([]);
  });

  it.each<[string, OrderShippedV1]>([
    ['a shipment', base],
    ['a shipment with a reason', { ...base, reason: 'packed' }],
  ])('upcasts %s to a valid v2 payload without a tracking number', (_what, v1) => {
    const v2 = upcastOrderShippedV1ToV2(v1);
    expect(v2).toEqual(v1);
    expect('trackingNumber' in v2).toBe(false);
    expect(validatePayload(OrderShippedV2Contract, v2)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['an empty tracking number', ''],
    ['101 characters', 'A'.repeat(101)],
    ['null', null],
  ])('v2 refuses %s', (_what, trackingNumber) => {
    expect(validatePayload(OrderShippedV2Contract, { ...base, trackingNumber })).not.toEqual([]);
  });

  it('v1 refuses a tracking number: it is a closed object, which is why v2 exists', () => {
    expect(validatePayload(OrderShippedV1Contract, { ...base, trackingNumber: '1Z999' })).not.toEqual([]);
  });
});
