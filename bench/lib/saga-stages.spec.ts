import { sagaStages, stagesCell } from './saga-stages';

describe('sagaStages', () => {
  it.each([
    ['no samples', [], []],
    [
      'one order, stages ordered by when they were reached, prefix dropped',
      [
        { type: 'orders.order-confirmed', msAfterPost: 51 },
        { type: 'orders.order-placed', msAfterPost: 1.8 },
        { type: 'orders.inventory-reserved', msAfterPost: 23.6 },
      ],
      [
        { stage: 'order-placed', p50: 1.8, p99: 1.8, count: 1 },
        { stage: 'inventory-reserved', p50: 23.6, p99: 23.6, count: 1 },
        { stage: 'order-confirmed', p50: 51, p99: 51, count: 1 },
      ],
    ],
    [
      'percentiles per stage across orders',
      [
        { type: 'orders.order-confirmed', msAfterPost: 10 },
        { type: 'orders.order-confirmed', msAfterPost: 30 },
        { type: 'orders.order-confirmed', msAfterPost: 20 },
        { type: 'orders.order-placed', msAfterPost: 1 },
      ],
      [
        { stage: 'order-placed', p50: 1, p99: 1, count: 1 },
        { stage: 'order-confirmed', p50: 20, p99: 30, count: 3 },
      ],
    ],
    [
      'two stages reached together keep a stable order',
      [
        { type: 'orders.payment-requested', msAfterPost: 5 },
        { type: 'orders.inventory-reserved', msAfterPost: 5 },
      ],
      [
        { stage: 'inventory-reserved', p50: 5, p99: 5, count: 1 },
        { stage: 'payment-requested', p50: 5, p99: 5, count: 1 },
      ],
    ],
  ])('%s', (_name, samples, expected) => {
    expect(sagaStages(samples)).toEqual(expected);
  });

  it.each([
    [[], 'n/a'],
    [
      [
        { stage: 'order-placed', p50: 1.8, p99: 3, count: 2 },
        { stage: 'order-confirmed', p50: 51, p99: 90, count: 2 },
      ],
      'order-placed 1.8, order-confirmed 51',
    ],
  ])('cell %#', (stages, expected) => {
    expect(stagesCell(stages)).toBe(expected);
  });
});
