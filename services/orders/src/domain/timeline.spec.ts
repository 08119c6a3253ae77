import { TimelineEvent, buildTimeline } from './timeline';

const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const event = (type: string, fromStatus: string | null, toStatus: string | null, seconds: number): TimelineEvent => ({ type, fromStatus, toStatus, at: at(seconds), actor: 'system', reason: null });

describe('buildTimeline', () => {
  it.each([
    ['placed, still pending', [event('orders.order-placed', null, 'PENDING', 0)], 30, [30]],
    ['saga steps carry no duration', [event('orders.order-placed', null, 'PENDING', 0), event('orders.payment-requested', null, null, 2)], 10, [10, null]],
    ['confirmed after 5 s, still confirmed', [event('orders.order-placed', null, 'PENDING', 0), event('orders.order-confirmed', 'PENDING', 'CONFIRMED', 5)], 65, [5, 60]],
    ['delivered is terminal', [event('p', null, 'PENDING', 0), event('c', 'PENDING', 'CONFIRMED', 1), event('s', 'CONFIRMED', 'SHIPPED', 3), event('d', 'SHIPPED', 'DELIVERED', 10)], 100,
      [1, 2, 7, null]],
    ['a decline stays in PENDING', [event('p', null, 'PENDING', 0), event('declined', 'PENDING', 'PENDING', 4), event('c', 'PENDING', 'CANCELLED', 9)], 50, [9, null, null]],
  ])('%s', (_name, events, nowSeconds, durations) => {
    expect(buildTimeline(events, at(nowSeconds)).map((entry) => entry.secondsInState)).toEqual(durations);
  });
});
