import { DeadLetterRow, InternalBusStatus, InternalDeadLetter, RELAY_ROW, busGroups, deadLetterRows, newestFirst } from './bus-overview';

const status = (group: string, lag: Record<string, number>, deadLetters = 0, groups?: InternalBusStatus[]): InternalBusStatus => ({
  group,
  mode: 'postgres',
  lag,
  deadLetters,
  ...(groups ? { groups } : {}),
});

describe('busGroups', () => {
  it.each<[string, InternalBusStatus, [string, number, number][]]>([
    ['one group, lag summed over sources', status('payments', { 'orders.order_events': 3, 'inventory.outbox': 2 }, 1), [['payments', 5, 1]]],
    ['no sources yet', status('inventory', {}), [['inventory', 0, 0]]],
    [
      "projections: each projection's group instead of the worst-of summary",
      status('projections', { 'orders.order_events': 9 }, 3, [
        status('projections-fulfillment-queue', { 'orders.order_events': 0 }),
        status('projections-revenue', { 'orders.order_events': 9, 'payments.outbox': 1 }, 3),
        status('projections-timeline', { 'orders.order_events': 4 }),
      ]),
      [
        ['projections-fulfillment-queue', 0, 0],
        ['projections-revenue', 10, 3],
        ['projections-timeline', 4, 0],
      ],
    ],
    ['an empty groups list falls back to the summary', status('projections', { a: 1 }, 0, []), [['projections', 1, 0]]],
    [
      'a built-in relay: a row of its own after the group, with what it has not published',
      { ...status('projections', { 'orders.order_events': 0 }, 2), relayLag: { 'inventory.outbox': 7 } },
      [['projections', 0, 2], [RELAY_ROW, 7, 0]],
    ],
  ])('%s', (_name, input, rows) => {
    const result = busGroups('projections', input);
    expect(result.map((row) => [row.group, row.totalLag, row.deadLetters])).toEqual(rows);
    expect(result.every((row) => row.service === 'projections' && row.mode === 'postgres')).toBe(true);
  });
});

const letter = (id: string, failedAt: string): InternalDeadLetter => ({
  id,
  consumerGroup: 'payments',
  source: 'orders.order_events',
  eventId: `e${id}`,
  eventType: 'orders.payment-requested',
  aggregateId: '42',
  envelope: { payload: { customerEmail: 'ada@example.com' } },
  error: 'boom',
  attempts: 5,
  failedAt,
});

describe('deadLetterRows', () => {
  it('tags every letter with its service and leaves the envelope (customer data) behind', () => {
    const [row] = deadLetterRows('payments', [letter('3', '2030-01-01T00:00:00.000Z')]);
    expect(row).toEqual({
      id: '3',
      service: 'payments',
      consumerGroup: 'payments',
      source: 'orders.order_events',
      eventId: 'e3',
      eventType: 'orders.payment-requested',
      aggregateId: '42',
      error: 'boom',
      attempts: 5,
      failedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(row)).not.toContain('ada@example.com');
  });
});

describe('newestFirst', () => {
  const row = (service: DeadLetterRow['service'], id: string, failedAt: string) => deadLetterRows(service, [letter(id, failedAt)])[0];
  it.each<[string, DeadLetterRow[], string[]]>([
    ['newest failure first', [row('orders', '1', '2030-01-01T00:00:00Z'), row('orders', '2', '2030-01-02T00:00:00Z')], ['orders#2', 'orders#1']],
    [
      'same moment: by service, then numeric id',
      [row('payments', '10', '2030-01-01T00:00:00Z'), row('payments', '9', '2030-01-01T00:00:00Z'), row('inventory', '50', '2030-01-01T00:00:00Z')],
      ['inventory#50', 'payments#9', 'payments#10'],
    ],
  ])('%s', (_name, rows, order) => {
    expect(newestFirst(rows).map((entry) => `${entry.service}#${entry.id}`)).toEqual(order);
  });
});
