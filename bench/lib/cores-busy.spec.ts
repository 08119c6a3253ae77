import { busyPercent, coresBusyCell } from './cores-busy';

describe('busyPercent', () => {
  it.each([
    { name: 'both cores full', before: { busy: 0, total: 0 }, after: { busy: 200, total: 200 }, percent: 100 },
    { name: 'a quarter busy', before: { busy: 100, total: 1000 }, after: { busy: 150, total: 1200 }, percent: 25 },
    { name: 'rounded to whole percent', before: { busy: 0, total: 0 }, after: { busy: 2, total: 3 }, percent: 67 },
    { name: 'no time passed', before: { busy: 5, total: 9 }, after: { busy: 5, total: 9 }, percent: 0 },
  ])('$name', ({ before, after, percent }) => {
    expect(busyPercent(before, after)).toBe(percent);
  });
});

describe('coresBusyCell', () => {
  it.each([
    {
      name: 'every phase measured',
      max: 98,
      phases: [{ percentOfMax: 10, coresBusyPercent: 41 }, { percentOfMax: 70, coresBusyPercent: 97 }],
      cell: 'max rate 98%, 10% 41%, 70% 97%',
    },
    { name: 'off Linux', max: undefined, phases: [{ percentOfMax: 10, coresBusyPercent: undefined }], cell: 'max rate n/a, 10% n/a' },
    { name: 'no latency phases', max: 0, phases: [], cell: 'max rate 0%' },
  ])('$name', ({ max, phases, cell }) => {
    expect(coresBusyCell(max, phases)).toBe(cell);
  });
});
