import { TimelineStep, withSecondsInState, withoutNewerTwins } from './order-timeline';

const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds)).toISOString();
const record = (type: string, fromStatus: string | null, toStatus: string | null, seconds: number): TimelineStep => ({
  type, fromStatus, toStatus, at: at(seconds), actor: 'system:saga', reason: null,
});

describe('withSecondsInState', () => {
  it.each<[string, TimelineStep[], number, (number | null)[]]>([
    ['placed, still pending: until now', [record('placed', null, 'PENDING', 0)], 30, [30]],
    ['saga steps carry no duration and do not end a state', [record('placed', null, 'PENDING', 0), record('reserved', null, null, 1), record('requested', null, null, 2)], 10, [10, null, null]],
    ['confirmed after 5 s, still confirmed', [record('placed', null, 'PENDING', 0), record('requested', null, null, 2), record('confirmed', 'PENDING', 'CONFIRMED', 5)], 65, [5, null, 60]],
    ['delivered is terminal', [record('p', null, 'PENDING', 0), record('c', 'PENDING', 'CONFIRMED', 1), record('s', 'CONFIRMED', 'SHIPPED', 3), record('d', 'SHIPPED', 'DELIVERED', 10)], 100, [1, 2, 7, null]],
    ['cancelled is terminal', [record('p', null, 'PENDING', 0), record('x', 'PENDING', 'CANCELLED', 9)], 500, [9, null]],
    ['a same-status entry does not end the state', [record('p', null, 'PENDING', 0), record('declined', 'PENDING', 'PENDING', 4), record('c', 'PENDING', 'CANCELLED', 9)], 50, [9, null, null]],
    ['fractions of a second are kept', [{ ...record('p', null, 'PENDING', 0), at: '2030-01-01T00:00:00.250Z' }, record('c', 'PENDING', 'CONFIRMED', 2)], 2, [1.75, 0]],
    ['a clock behind the last entry never gives negative time', [record('p', null, 'PENDING', 10)], 5, [0]],
    ['no entries, no timeline', [], 0, []],
  ])('%s', (_name, records, nowSeconds, expected) => {
    expect(withSecondsInState(records, new Date(at(nowSeconds))).map((entry) => entry.secondsInState)).toEqual(expected);
  });

  it('passes what the event recorded through unchanged', () => {
    const [entry] = withSecondsInState([{ ...record('orders.order-cancelled', 'PENDING', 'CANCELLED', 3), actor: 'customer:11', reason: 'changed my mind' }], new Date(at(9)));
    expect(entry).toEqual({ type: 'orders.order-cancelled', fromStatus: 'PENDING', toStatus: 'CANCELLED', at: at(3), actor: 'customer:11', reason: 'changed my mind', secondsInState: null });
  });
});


describe('withoutNewerTwins', () => {
  const step = (type: string, version: number) => ({ type, version });
  it.each<[string, { type: string; version: number }[], string[]]>([
    ['a dual-published shipment shows once, as v1', [step('placed', 1), step('shipped', 1), step('shipped', 2), step('delivered', 1)], ['placed@1', 'shipped@1', 'delivered@1']],
    ['a shipment from before the window (v1 alone)', [step('placed', 1), step('shipped', 1)], ['placed@1', 'shipped@1']],
    ['a v2 alone (after the window) is kept', [step('placed', 1), step('shipped', 2)], ['placed@1', 'shipped@2']],
    ['the same type and version twice is not a twin', [step('declined', 1), step('declined', 1)], ['declined@1', 'declined@1']],
    ['different types of the same version are not twins', [step('placed', 1), step('reserved', 1)], ['placed@1', 'reserved@1']],
    ['no entries', [], []],
  ])('%s', (_name, steps, expected) => {
    expect(withoutNewerTwins(steps).map((kept) => `${kept.type}@${kept.version}`)).toEqual(expected);
  });
});
