import { OrderEventView, ShipPlan, planShipments } from './ship-plan';

const MERCHANT = '7';
let counter = 0;
const event = (orderId: string, toStatus: string | null, merchantId = MERCHANT, eventId = `e${++counter}`): OrderEventView => ({ eventId, orderId, merchantId, toStatus });
const confirmed = (orderId: string, eventId: string, merchantId = MERCHANT) => event(orderId, 'CONFIRMED', merchantId, eventId);

describe('planShipments', () => {
  it.each<[string, OrderEventView[], string[], ShipPlan['ship'], ShipPlan['settled']]>([
    ['ships a confirmed order', [event('1', 'PENDING'), confirmed('1', 'c1')], [], [{ orderId: '1', eventId: 'c1' }], []],
    ['ignores events that do not confirm', [event('1', 'PENDING'), event('1', null), event('2', 'SHIPPED')], [], [], []],
    ['leaves other merchants alone', [confirmed('1', 'c1', '8')], [], [], [{ eventId: 'c1', reason: 'another merchant' }]],
    ['does not ship twice what it already handled', [confirmed('1', 'c1')], ['c1'], [], [{ eventId: 'c1', reason: 'already handled' }]],
    ['skips an order cancelled later in the batch', [confirmed('1', 'c1'), event('1', 'CANCELLED')], [], [], [{ eventId: 'c1', reason: 'shipped or cancelled later in the batch' }]],
    ['skips an order someone else shipped later in the batch', [confirmed('1', 'c1'), event('1', 'SHIPPED'), event('1', 'DELIVERED')], [], [], [{ eventId: 'c1', reason: 'shipped or cancelled later in the batch' }]],
    ['a cancellation of another order does not matter', [confirmed('1', 'c1'), event('2', 'CANCELLED')], [], [{ orderId: '1', eventId: 'c1' }], []],
    ['a settled status before the confirmation does not cancel it', [event('1', 'CANCELLED'), confirmed('1', 'c1')], [], [{ orderId: '1', eventId: 'c1' }], []],
    ['ships each order once when it is confirmed twice (two versions)', [confirmed('1', 'c1'), confirmed('1', 'c2')], [], [{ orderId: '1', eventId: 'c2' }], [{ eventId: 'c1', reason: 'confirmed again later in the batch' }]],
    ['keeps log order across orders', [confirmed('2', 'c2'), confirmed('1', 'c1'), confirmed('3', 'c3'), event('1', 'CANCELLED')], [], [{ orderId: '2', eventId: 'c2' }, { orderId: '3', eventId: 'c3' }], [{ eventId: 'c1', reason: 'shipped or cancelled later in the batch' }]],
    ['an empty batch plans nothing', [], [], [], []],
  ])('%s', (_name, events, handled, ship, settled) => {
    expect(planShipments(events, MERCHANT, (eventId) => handled.includes(eventId))).toEqual({ ship, settled });
  });
});
