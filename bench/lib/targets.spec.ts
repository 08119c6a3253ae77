import { CheckoutFigures, checkoutVerdicts, metCell, verdictLine } from './targets';

const passing: CheckoutFigures = {
  confirmedPerSecond: 400, rawCheckoutTps: 1_200, at70: { p50: 29.9, p99: 149.9 }, orderDetailPerSecond: 5_000, orderDetailP99Ms: 9.9,
  rawPointReadTps: 20_000, flashSalePerSecond: 2_000, oversold: 0, memoryMb: { orders: 150, gateway: 199 },
};

describe('checkoutVerdicts', () => {
  it.each<[string, Partial<CheckoutFigures>, (boolean | undefined)[]]>([
    ['every target met, each at its edge', {}, [true, true, true, true, true]],
    ['throughput a hair under a third', { confirmedPerSecond: 399.9 }, [false, true, true, true, true]],
    ['p50 at 70% on the limit', { at70: { p50: 30, p99: 100 } }, [true, false, true, true, true]],
    ['p99 at 70% on the limit', { at70: { p50: 10, p99: 150 } }, [true, false, true, true, true]],
    ['no 70% phase', { at70: undefined }, [true, undefined, true, true, true]],
    ['order detail under a quarter', { orderDetailPerSecond: 4_999 }, [true, true, false, true, true]],
    ['order detail fast but p99 10 ms', { orderDetailP99Ms: 10 }, [true, true, false, true, true]],
    ['flash sale too slow', { flashSalePerSecond: 1_999 }, [true, true, true, false, true]],
    ['one unit oversold', { oversold: 1 }, [true, true, true, false, true]],
    ['one service at 200 MB', { memoryMb: { orders: 150, gateway: 200 } }, [true, true, true, true, false]],
    ['no memory read (attached to a platform elsewhere)', { memoryMb: {} }, [true, true, true, true, undefined]],
  ])('%s', (_name, change, expected) => {
    expect(checkoutVerdicts({ ...passing, ...change }).map((verdict) => verdict.met)).toEqual(expected);
  });
});

describe('verdictLine', () => {
  it.each<[string, Partial<CheckoutFigures>, string]>([
    ['all met', {}, 'Targets met: 5 of 5.'],
    ['latency missed', { at70: { p50: 140, p99: 270 } }, 'Targets met: 4 of 5; missed: POST-to-CONFIRMED p50 < 30 ms and p99 < 150 ms at 70% of the maximum.'],
    ['latency not measured', { at70: undefined }, 'Targets met: 4 of 5; 1 not measured.'],
  ])('%s', (_name, change, expected) => {
    expect(verdictLine(checkoutVerdicts({ ...passing, ...change }))).toBe(expected);
  });
});

describe('metCell', () => {
  it.each([[true, 'yes'], [false, '**no**'], [undefined, 'n/a']])('%s -> %s', (met, cell) => {
    expect(metCell(met)).toBe(cell);
  });
});
