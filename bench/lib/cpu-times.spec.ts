import { cpuTimes } from './cpu-times';

describe('cpuTimes', () => {
  it.each([
    // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
    { stat: 'cpu  100 5 50 800 40 1 4 0 7 0\ncpu0 50 2 25 400 20 0 2 0 0 0\n', times: { busy: 160, total: 1000 } },
    { stat: 'cpu 10 0 10 80\n', times: { busy: 20, total: 100 } },
    { stat: 'intr 1 2 3\n', times: undefined },
    { stat: 'cpu  a b c d\n', times: undefined },
  ])('$stat', ({ stat, times }) => {
    expect(cpuTimes(stat)).toEqual(times);
  });
});
