import { busyPercent, coresBusyCell, parseCpuTimes } from './cores-busy';

describe('parseCpuTimes', () => {
  it.each([
    {
      name: 'a kernel with every column: steal, guest and guest_nice are left out',
      text: 'cpu  100 5 50 800 20 3 2 40 0 0\ncpu0 50 2 25 400 10 1 1 20 0 0\nintr 1',
      times: { busy: 160, available: 980 },
    },
    { name: 'an old kernel with four columns', text: 'cpu 10 0 10 80\n', times: { busy: 20, available: 100 } },
    { name: 'the per-core lines alone are not the machine', text: 'cpu0 1 2 3 4\ncpu1 1 2 3 4\n', times: undefined },
    { name: 'no cpu line', text: 'intr 12\nctxt 34\n', times: undefined },
    { name: 'a garbled cpu line', text: 'cpu a b c d\n', times: undefined },
  ])('$name', ({ text, times }) => {
    expect(parseCpuTimes(text)).toEqual(times);
  });
});

describe('busyPercent', () => {
  it.each([
    { name: 'both cores full', before: { busy: 0, available: 0 }, after: { busy: 200, available: 200 }, percent: 100 },
    { name: 'a quarter busy', before: { busy: 100, available: 1000 }, after: { busy: 150, available: 1200 }, percent: 25 },
    { name: 'rounded to whole percent', before: { busy: 0, available: 0 }, after: { busy: 2, available: 3 }, percent: 67 },
    { name: 'no time passed', before: { busy: 5, available: 9 }, after: { busy: 5, available: 9 }, percent: 0 },
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
