import { addDays, eventLabel, formatClock, formatDuration, formatMoney, formatWhen, minorDigits, moreWaiting } from './format';

describe('formatMoney', () => {
  it.each([
    [1999, 'USD', '$19.99'],
    [0, 'USD', '$0.00'],
    [-250, 'EUR', '-€2.50'],
    [500, 'JPY', '¥500'],
    [1234, 'BHD', 'BHD 1.234'],
    [123456789, 'USD', '$1,234,567.89'],
    [150000, 'HUF', 'HUF 1,500.00'],
    [1000, 'IQD', 'IQD 1.000'],
    [150000, 'IDR', 'IDR 1,500.00'],
    [500, 'ISK', 'ISK 500'],
  ])('%d %s -> %s', (cents, currency, text) => {
    expect(formatMoney(cents, currency).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it.each([
    [27021597764222973n, 'EUR', '€270,215,977,642,229.73'],
    [-90071992547409930001n, 'USD', '-$900,719,925,474,099,300.01'],
    [5n, 'BHD', 'BHD 0.005'],
    [-7n, 'USD', '-$0.07'],
    [123456789012345678901n, 'JPY', '¥123,456,789,012,345,678,901'],
  ])('%s %s -> %s, exactly', (cents, currency, text) => {
    expect(formatMoney(cents, currency).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it.each([
    ['USD', 2],
    ['JPY', 0],
    ['BHD', 3],
    ['HUF', 2],
    ['IQD', 3],
    ['ISK', 0],
    ['???', 2],
  ])('%s has %d minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [0.35, '350 ms'],
    [4.27, '4.2 s'],
    [4, '4 s'],
    [12.9, '12 s'],
    [60, '1 min'],
    [185, '3 min 5 s'],
    [7800, '2 h 10 min'],
    [3 * 86_400 + 4 * 3600, '3 d 4 h'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('%d s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('times and days (UTC)', () => {
  const now = Date.parse('2030-01-02T12:00:00Z');
  it.each([
    ['2030-01-02T09:05:03.120Z', '09:05:03'],
    ['2030-01-01T23:59:00Z', '2030-01-01 23:59'],
    ['soon', '–'],
  ])('formatWhen %s -> %s', (iso, text) => {
    expect(formatWhen(iso, now)).toBe(text);
  });

  it.each([
    ['2030-01-02T09:05:03.120Z', '09:05:03'],
    ['nope', '–'],
  ])('formatClock %s -> %s', (iso, text) => {
    expect(formatClock(iso)).toBe(text);
  });

  it.each([
    ['2030-01-01', -1, '2029-12-31'],
    ['2030-02-28', 1, '2030-03-01'],
    ['2032-02-28', 1, '2032-02-29'],
    ['2030-01-14', -13, '2030-01-01'],
  ])('addDays(%s, %d) -> %s', (day, days, result) => {
    expect(addDays(day, days)).toBe(result);
  });

  it.each([
    ['orders.payment-requested', 'payment requested'],
    ['orders.order-placed', 'order placed'],
    ['custom', 'custom'],
  ])('eventLabel %s -> %s', (type, label) => {
    expect(eventLabel(type)).toBe(label);
  });
});

describe('moreWaiting', () => {
  it.each([
    [100, 'c1', 'The first 100 open orders; more are waiting (the API pages through all of them).'],
    [100, null, null],
    [37, undefined, null],
  ])('%p shown, cursor %p', (shown, cursor, note) => {
    expect(moreWaiting(shown, 'open orders', cursor)).toBe(note);
  });
});
