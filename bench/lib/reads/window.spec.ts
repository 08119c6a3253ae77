import { dayWindow } from './window';

describe('dayWindow', () => {
  it.each([
    // 30 days inclusive, ending on the last day of data.
    { first: '2025-01-01', last: '2025-12-31', days: 30, back: 0, window: { from: '2025-12-02', to: '2025-12-31' } },
    { first: '2025-01-01', last: '2025-12-31', days: 30, back: 31, window: { from: '2025-11-01', to: '2025-11-30' } },
    // Across a month end and a leap day, in UTC whatever the local zone.
    { first: '2024-01-01', last: '2024-12-31', days: 3, back: 305, window: { from: '2024-02-28', to: '2024-03-01' } },
    // Never starts before the data: too far back is clamped to the first full window.
    { first: '2025-01-01', last: '2025-12-31', days: 30, back: 400, window: { from: '2025-01-01', to: '2025-01-30' } },
    { first: '2025-01-01', last: '2025-01-30', days: 30, back: 5, window: { from: '2025-01-01', to: '2025-01-30' } },
    { first: '2025-01-01', last: '2025-01-29', days: 30, back: 0, window: undefined },
    { first: '2025-01-01', last: '2025-12-31', days: 30, back: -3, window: { from: '2025-12-02', to: '2025-12-31' } },
  ])('$days days, $back back from $last', ({ first, last, days, back, window }) => {
    expect(dayWindow(first, last, days, back)).toEqual(window);
  });
});
